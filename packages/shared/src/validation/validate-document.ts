import { parseDocumentDate } from '../document/dates';
import { documentKindTable } from '../document/kinds';
import { documentSchema, type GongwenDocument } from '../document/schema';
import { violation, type Violation } from './catalog';
import type { RuleContext, ValidationOptions } from './context';
import { checkAgencyRules } from './rules-agencies';
import { checkBodyRules } from './rules-body';
import { checkDateRules } from './rules-dates';
import { checkClassificationRules, checkCopyNumberRules, checkDocNumberRules } from './rules-numbers';
import { checkFormatRules, checkRoutingRules, defaultDirection } from './rules-routing';
import { schemaIssuesToViolations } from './schema-issues';

export interface ValidationResult {
  /** True when no violation is an error (warnings allowed). */
  ok: boolean;
  /** The parsed document, when its structure was readable. */
  document: GongwenDocument | undefined;
  violations: Violation[];
}

const rules = [
  checkDocNumberRules,
  checkCopyNumberRules,
  checkClassificationRules,
  checkDateRules,
  checkRoutingRules,
  checkFormatRules,
  checkAgencyRules,
  checkBodyRules,
];

const knownFields = new Set(Object.keys(documentSchema.shape));

/** The derived facts of a parsed document (format and direction from the kind when not given). */
export function documentFacts(doc: GongwenDocument) {
  const info = documentKindTable[doc.kind];
  return { format: doc.format ?? info.defaultFormat, direction: doc.direction ?? defaultDirection(doc.kind) };
}

/**
 * Checks a document against the schema and every rule of GB/T 9704 and the 条例 this
 * project knows, and returns all violations at once (never stops at the first).
 */
export function validateDocument(input: unknown, options: ValidationOptions = {}): ValidationResult {
  const parsed = documentSchema.safeParse(input, { reportInput: true });
  const unknown: Violation[] =
    typeof input === 'object' && input !== null && !Array.isArray(input)
      ? Object.keys(input)
          .filter((key) => !knownFields.has(key))
          .map((field) => violation('SCHEMA_UNKNOWN_FIELD', field, { field }))
      : [];
  if (!parsed.success) {
    const violations = [...schemaIssuesToViolations(parsed.error.issues), ...unknown];
    return { ok: false, document: undefined, violations };
  }
  const doc = parsed.data;
  const dateText = doc.signature.date;
  const date = dateText === undefined ? undefined : parseDocumentDate(dateText);
  const context: RuleContext = {
    doc,
    ...documentFacts(doc),
    stage: options.stage ?? 'final',
    today: options.today,
    signatureDate: date?.ok ? date.date : undefined,
  };
  const violations = [...unknown, ...rules.flatMap((rule) => rule(context))];
  return { ok: violations.every((v) => v.severity !== 'error'), document: doc, violations };
}

/**
 * Whether a parsed JSON value is meant as a document at all: an object with at least a
 * `kind` or a `title`. Anything else is not a document (the CLI exits 2, not 1).
 */
export function looksLikeDocument(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && ('kind' in value || 'title' in value);
}
