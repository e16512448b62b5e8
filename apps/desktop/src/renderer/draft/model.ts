import {
  validateDocument,
  type BodyBlock,
  type ClassificationLevel,
  type DocumentKind,
  type LocalizedText,
  type Urgency,
} from '@oa/shared';

/** The drafting form's state: the structured elements as the person types them. */
export interface DraftForm {
  kind: DocumentKind;
  issuerName: string;
  issuerCode: string;
  docNumber: string;
  copyNumber: string;
  classificationLevel: ClassificationLevel | '';
  period: string;
  urgency: Urgency | '';
  title: string;
  mainRecipients: string;
  cc: string;
  signers: string;
  attachments: string;
  date: string;
  note: string;
  body: BodyBlock[];
}

export type FieldName = Exclude<keyof DraftForm, 'body'> | 'body';

export const emptyForm: DraftForm = {
  kind: 'notice',
  issuerName: '',
  issuerCode: '',
  docNumber: '',
  copyNumber: '',
  classificationLevel: '',
  period: '',
  urgency: '',
  title: '',
  mainRecipients: '',
  cc: '',
  signers: '',
  attachments: '',
  date: '',
  note: '',
  body: [{ type: 'paragraph', text: '' }],
};

/** `各区人民政府、市政府各部门` → two names (、，, or ; separate them). */
function names(text: string): string[] {
  return text
    .split(/[、，,；;\n]/)
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}

const optional = (text: string) => (text.trim() === '' ? undefined : text.trim());

/** The document JSON (docs/document-format.md) the form stands for; empty optional fields left out. */
export function toDocument(form: DraftForm): Record<string, unknown> {
  const attachments = form.attachments
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((title) => ({ title }));
  const document: Record<string, unknown> = {
    kind: form.kind,
    issuers: [{ name: form.issuerName.trim(), code: form.issuerCode.trim() }],
    title: form.title.trim(),
    mainRecipients: names(form.mainRecipients),
    body: form.body.filter((block) => block.text.trim() !== '' || form.body.length === 1),
    docNumber: optional(form.docNumber),
    copyNumber: optional(form.copyNumber),
    classification:
      form.classificationLevel === '' ? undefined : { level: form.classificationLevel, period: optional(form.period) },
    urgency: form.urgency === '' ? undefined : form.urgency,
    cc: names(form.cc),
    signers: names(form.signers).length > 0 ? names(form.signers) : undefined,
    attachments,
    signature: form.date.trim() === '' ? undefined : { date: form.date.trim() },
    note: optional(form.note),
  };
  return Object.fromEntries(Object.entries(document).filter(([, value]) => value !== undefined));
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const nameOf = (value: unknown) =>
  typeof value === 'string'
    ? value
    : typeof value === 'object' && value !== null && 'name' in value
      ? text(value.name)
      : '';
const list = (value: unknown) => (Array.isArray(value) ? value.map(nameOf).join('、') : '');

/** The form for a saved document's JSON. */
export function fromDocument(content: unknown): DraftForm {
  const doc = (typeof content === 'object' && content !== null ? content : {}) as Record<string, unknown>;
  const issuer = (Array.isArray(doc.issuers) ? doc.issuers[0] : {}) as Record<string, unknown>;
  const classification = (doc.classification ?? {}) as Record<string, unknown>;
  const signature = (doc.signature ?? {}) as Record<string, unknown>;
  const attachments = Array.isArray(doc.attachments) ? doc.attachments : [];
  const body = Array.isArray(doc.body) ? (doc.body as BodyBlock[]) : emptyForm.body;
  return {
    kind: (doc.kind as DocumentKind) ?? 'notice',
    issuerName: text(issuer.name),
    issuerCode: text(issuer.code),
    docNumber: text(doc.docNumber),
    copyNumber: text(doc.copyNumber),
    classificationLevel: (classification.level as ClassificationLevel) ?? '',
    period: classification.period === undefined ? '' : String(classification.period),
    urgency: (doc.urgency as Urgency) ?? '',
    title: text(doc.title),
    mainRecipients: list(doc.mainRecipients),
    cc: list(doc.cc),
    signers: list(doc.signers),
    attachments: attachments.map((a) => nameOf({ name: (a as { title?: string }).title })).join('\n'),
    date: text(signature.date),
    note: text(doc.note),
    body: body.length > 0 ? body : emptyForm.body,
  };
}

/** A validator message placed at a form field (and, for the body, at a block). */
export interface FieldIssue {
  field: FieldName;
  block?: number;
  severity: 'error' | 'warning';
  message: LocalizedText;
}

/** Which form field a validator path (`issuers[0].code`, `body[2].text`) belongs to. */
export function fieldOf(path: string): { field: FieldName; block?: number } {
  const [head = '', ...rest] = path.split('.');
  const root = head.replace(/\[\d+\]$/, '');
  const index = /\[(\d+)\]$/.exec(head)?.[1];
  switch (root) {
    case 'issuers':
      return { field: rest.includes('code') ? 'issuerCode' : 'issuerName' };
    case 'classification':
      return { field: rest.includes('period') ? 'period' : 'classificationLevel' };
    case 'signature':
      return { field: 'date' };
    case 'body':
      return { field: 'body', block: index === undefined ? undefined : Number(index) };
    case 'kind':
    case 'format':
    case 'direction':
      return { field: 'kind' };
    case 'docNumber':
    case 'copyNumber':
    case 'urgency':
    case 'title':
    case 'mainRecipients':
    case 'cc':
    case 'signers':
    case 'attachments':
    case 'note':
      return { field: root };
    default:
      return { field: 'title' };
  }
}

/**
 * The shared validators' verdict on the form, in draft stage (a 发文字号 or 成文日期 may still be
 * missing), with every message placed at its field.
 */
export function checkForm(form: DraftForm): FieldIssue[] {
  const result = validateDocument(toDocument(form), { stage: 'draft' });
  return result.violations.map((violation) => ({
    ...fieldOf(violation.path),
    severity: violation.severity,
    message: violation.message,
  }));
}

/** JSON with every object's keys in order, so two equal documents give the same text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

/** What the typesetter prints of a document: the validator's parsed document without its local id. */
function printed(document: unknown): string | undefined {
  const parsed = validateDocument(document, { stage: 'draft' }).document;
  if (parsed === undefined) return undefined;
  const { id: _localId, ...rest } = parsed;
  return canonicalJson(rest);
}

/**
 * Whether two documents typeset alike: the typesetter takes the validator's parsed document, so
 * documents that parse to the same one (key order, defaults filled in, the unprinted local id
 * aside) give the same PDF.
 */
export function typesetAlike(saved: unknown, typed: unknown): boolean {
  const a = printed(saved);
  return a !== undefined && a === printed(typed);
}
