import { ParseSpeeds, PDFDocument, PDFName } from 'pdf-lib';
import { parse, readString } from '../asn1/der';
import { OID } from '../asn1/oids';
import { parseCms } from '../cms/parse';
import type { TrustOptions } from '../pki/chain';
import { loadPdf } from '../pdf/load';
import { rectOf, signatureFields, textOf, widgetPageIndex, type SignatureField } from '../pdf/form';
import { documentFingerprints } from '../pdf/page-fingerprint';
import { signatureRoles, type SignatureRole } from '../pdf/roles';
import { stampFingerprint } from '../seal/picture';
import { parseSealRecord, sealRecordTrusted, sealKinds, type SealKind } from '../seal/record';
import { byteRangeOf, byteRangeValid, signatureCms } from '../pdf/embedded-signature';
import { evaluateCms, unreadableCms, type CmsVerification } from './verify-cms';
import { finding, verdictOf, worstVerdict, type Finding, type Verdict } from './findings';

export const acceptedSubFilters = ['ETSI.CAdES.detached', 'adbe.pkcs7.detached'] as const;

export interface SealCheck {
  id: string;
  name: string;
  kind: SealKind;
  kindName: string;
  agencyName: string;
  agencyCode: string;
  pictureHash: string;
  recordTrusted: boolean;
  certificateMatches: boolean;
  validAtSigningTime: boolean;
  stampMatches: boolean;
}

export interface PdfSignatureReport extends CmsVerification {
  index: number;
  fieldName: string;
  subFilter: string;
  role: SignatureRole | undefined;
  opinion: string | undefined;
  reason: string | undefined;
  page: number | undefined;
  rect: [number, number, number, number] | undefined;
  visible: boolean;
  byteRange: number[];
  coversWholeDocument: boolean;
  /** Pages (1-based) whose content changed in later incremental updates. */
  pagesChangedAfterSigning: number[];
  seal: SealCheck | undefined;
}

export interface PdfVerificationReport {
  verdict: Verdict;
  signatures: PdfSignatureReport[];
  findings: Finding[];
}

/** Parses a PDF date (D:YYYYMMDDHHmmSS+08'00' / Z). */
export function parsePdfDate(text: string | undefined): Date | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz]|[+-]\d{2}'?\d{2}'?)?/.exec(text ?? '');
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', zone = 'Z'] = m;
  const offset = /^[Zz]$/.test(zone) ? 'Z' : `${zone.slice(0, 3)}:${zone.replace(/'/g, '').slice(3, 5)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function utf8Attribute(attributes: Map<string, Buffer>, type: string): string | undefined {
  const der = attributes.get(type);
  return der ? readString(parse(der)) : undefined;
}

/** Nothing checked yet (the findings say why: a bad byte range, unreadable CMS). */
const invalidCms = (): CmsVerification => ({ ...unreadableCms(), findings: [] });

export interface PdfVerifyOptions {
  /**
   * The same bytes already parsed by pdf-lib (e.g. by a caller that also reads other facts
   * from them), so they are not parsed twice. It must be a parse of exactly `input`.
   */
  parsed?: PDFDocument;
}

/**
 * Verifies every signature in a PDF: per signature valid / invalid / indeterminate with reasons
 * (digest, signature value, chain to a trusted root, CRL revocation, validity at signing time,
 * coverage and later page changes, and for seals whether the stamp is the registered seal).
 */
export async function verifyPdf(
  input: Uint8Array,
  trust: TrustOptions,
  options: PdfVerifyOptions = {},
): Promise<PdfVerificationReport> {
  const { doc, bytes } = options.parsed
    ? { doc: options.parsed, bytes: Buffer.from(input.buffer, input.byteOffset, input.byteLength) }
    : await loadPdf(input);
  const fields = signatureFields(doc).filter((f) => f.value);
  let finalPagesMemo: string[] | undefined;
  const finalPages = (): string[] => (finalPagesMemo ??= documentFingerprints(doc));
  const revisionPages = new Map<number, Promise<string[] | undefined>>();
  const pagesAt = (end: number): Promise<string[] | undefined> => {
    let pending = revisionPages.get(end);
    if (!pending) {
      const revision = bytes.subarray(0, end);
      pending = PDFDocument.load(revision, {
        updateMetadata: false,
        ignoreEncryption: true,
        parseSpeed: ParseSpeeds.Fastest,
      })
        .then(documentFingerprints)
        .catch(() => undefined);
      revisionPages.set(end, pending);
    }
    return pending;
  };
  const ordered = fields
    .map((field) => ({ field, range: byteRangeOf(field.value!) }))
    .sort((x, y) => (x.range[2] ?? 0) + (x.range[3] ?? 0) - ((y.range[2] ?? 0) + (y.range[3] ?? 0)));
  const signatures: PdfSignatureReport[] = [];
  for (const [index, { field, range }] of ordered.entries()) {
    signatures.push(await verifyOne(doc, bytes, field, range, index, trust, finalPages, pagesAt));
  }
  const findings = signatures.length === 0 ? [finding('NO_SIGNATURES')] : [];
  return {
    verdict: signatures.length === 0 ? 'indeterminate' : worstVerdict(signatures.map((s) => s.verdict)),
    signatures,
    findings,
  };
}

async function verifyOne(
  doc: PDFDocument,
  bytes: Buffer,
  field: SignatureField,
  range: number[],
  index: number,
  trust: TrustOptions,
  finalPagesOf: () => string[],
  pagesAt: (end: number) => Promise<string[] | undefined>,
): Promise<PdfSignatureReport> {
  const value = field.value!;
  const subFilter = value.get(PDFName.of('SubFilter'))?.toString().slice(1) ?? '';
  const claimedTime = parsePdfDate(textOf(value.get(PDFName.of('M'))));
  const page = widgetPageIndex(doc, field.widget, field.widgetRef);
  const rect = rectOf(field.widget);
  const visible = page !== undefined && rect !== undefined && rect[2] - rect[0] > 0 && rect[3] - rect[1] > 0;
  const base = {
    index,
    fieldName: field.name,
    subFilter,
    reason: textOf(value.get(PDFName.of('Reason'))),
    page,
    rect,
    visible,
    byteRange: range,
  };
  const rangeBad = !byteRangeValid(range, bytes);
  const extraFindings: Finding[] = [];
  let result: CmsVerification = invalidCms();
  let attributes = new Map<string, Buffer>();
  if (rangeBad) extraFindings.push(finding('BYTE_RANGE_INVALID'));
  if (!(acceptedSubFilters as readonly string[]).includes(subFilter))
    extraFindings.push(finding('SUBFILTER_UNSUPPORTED', subFilter));
  const [a, b, c, d] = range as [number, number, number, number];
  if (!rangeBad) {
    try {
      const cms = parseCms(signatureCms(range, bytes));
      attributes = cms.attributes;
      result = evaluateCms(cms, [bytes.subarray(a, a + b), bytes.subarray(c, c + d)], trust, claimedTime);
    } catch {
      extraFindings.push(finding('CMS_INVALID'));
    }
  }
  const end = rangeBad ? bytes.length : c + d;
  const coversWholeDocument = !rangeBad && end === bytes.length;
  const pagesChangedAfterSigning: number[] = [];
  if (!rangeBad && !coversWholeDocument) {
    extraFindings.push(finding('NOT_WHOLE_DOCUMENT'));
    const before = await pagesAt(end);
    const finalPages = finalPagesOf();
    if (!before || before.length !== finalPages.length) {
      pagesChangedAfterSigning.push(...finalPages.map((_, i) => i + 1));
    } else {
      finalPages.forEach((fp, i) => fp !== before[i] && pagesChangedAfterSigning.push(i + 1));
    }
    if (pagesChangedAfterSigning.length > 0)
      extraFindings.push(finding('CONTENT_CHANGED_AFTER_SIGNING', `pages ${pagesChangedAfterSigning.join(', ')}`));
  }
  const roleText = utf8Attribute(attributes, OID.signatureRoleAttribute);
  const role = roleText && roleText in signatureRoles ? (roleText as SignatureRole) : undefined;
  const seal = checkSeal(doc, field, attributes, result, trust, extraFindings, visible);
  const findings = [...result.findings, ...extraFindings];
  return {
    ...result,
    ...base,
    role,
    opinion: utf8Attribute(attributes, OID.signOffOpinionAttribute),
    coversWholeDocument,
    pagesChangedAfterSigning,
    seal,
    findings,
    verdict: verdictOf(findings),
  };
}

function checkSeal(
  doc: PDFDocument,
  field: SignatureField,
  attributes: Map<string, Buffer>,
  result: CmsVerification,
  trust: TrustOptions,
  findings: Finding[],
  visible: boolean,
): SealCheck | undefined {
  const der = attributes.get(OID.sealRecordAttribute);
  if (!der) return undefined;
  let record;
  try {
    record = parseSealRecord(der);
  } catch {
    findings.push(finding('SEAL_RECORD_INVALID'));
    return undefined;
  }
  const at = result.signingTime ? new Date(result.signingTime) : new Date();
  const recordTrusted = sealRecordTrusted(record, trust, at);
  const certificateMatches =
    result.signer !== undefined && record.holderCertificate.fingerprint === result.signer.fingerprint;
  const validAtSigningTime = at >= record.validFrom && at <= record.validTo;
  const stamp = visible ? stampFingerprint(doc, field.widget) : undefined;
  const stampMatches = stamp !== undefined && stamp === record.pictureFingerprint;
  if (!record.makerSignatureValid) findings.push(finding('SEAL_RECORD_INVALID'));
  else if (!recordTrusted) findings.push(finding('SEAL_MAKER_UNTRUSTED'));
  if (!certificateMatches) findings.push(finding('SEAL_CERT_MISMATCH'));
  if (!validAtSigningTime) findings.push(finding('SEAL_NOT_VALID_AT_SIGNING_TIME'));
  if (!visible) findings.push(finding('SEAL_NOT_VISIBLE'));
  else if (!stampMatches) findings.push(finding('SEAL_IMAGE_MISMATCH'));
  return {
    id: record.id,
    name: record.name,
    kind: record.kind,
    kindName: sealKinds[record.kind].zh,
    agencyName: record.agencyName,
    agencyCode: record.agencyCode,
    pictureHash: record.pictureHash,
    recordTrusted,
    certificateMatches,
    validAtSigningTime,
    stampMatches,
  };
}
