import { createHash } from 'node:crypto';
import { envelopeSchema, type Envelope } from '@oa/shared';
import { verifyBytes, verifyPdf, type Certificate } from '@oa/signature';
import type { VerificationView, VerificationVerdict } from '../../api-contract';

type Reason = VerificationView['reasons'][number];

/** Our own checks beside @oa/signature's findings, in the same shape. */
const exchangeFindings = {
  ENVELOPE_UNREADABLE: {
    severity: 'invalid',
    zh: '交换信封无法解析',
    en: 'the exchange envelope cannot be read',
  },
  CONTENT_MISMATCH: {
    severity: 'invalid',
    zh: '收到的文件与发文机关签封的摘要不符：文件在途中被改动',
    en: 'the file received does not match the hash the sender signed: it was changed on the way',
  },
  ENVELOPE_SIGNATURE_INVALID: {
    severity: 'invalid',
    zh: '交换信封的签名无效',
    en: 'the signature of the exchange envelope does not verify',
  },
  ENVELOPE_SIGNER_MISMATCH: {
    severity: 'invalid',
    zh: '交换信封不是由发文机关的印章签署',
    en: "the exchange envelope was not signed with the sending agency's seal",
  },
  PDF_UNREADABLE: {
    severity: 'invalid',
    zh: '文件结构损坏，无法读取其中的签章',
    en: 'the file is damaged: its signatures cannot be read',
  },
  SEAL_MISSING: { severity: 'invalid', zh: '文件上没有电子印章', en: 'the file carries no electronic seal' },
  SEAL_AGENCY_MISMATCH: {
    severity: 'invalid',
    zh: '电子印章不属于发文机关',
    en: 'the electronic seal does not belong to the sending agency',
  },
} as const;

function own(code: keyof typeof exchangeFindings, detail?: string): Reason {
  const entry = exchangeFindings[code];
  const suffix = detail ? `（${detail}）` : '';
  return {
    code,
    severity: entry.severity,
    message: { zh: `${entry.zh}${suffix}`, en: `${entry.en}${detail ? ` (${detail})` : ''}` },
  };
}

const rank: Record<VerificationVerdict, number> = { valid: 0, indeterminate: 1, invalid: 2 };
const worst = (a: VerificationVerdict, b: VerificationVerdict) => (rank[a] >= rank[b] ? a : b);

/**
 * Verifies an incoming document before anyone relies on it: the PDF is the one the sender's
 * envelope names (sha256), the envelope is signed by the sender's seal, and the PDF's seal
 * signature (PAdES, @oa/signature's verifier) is intact, chains to the deployment's root and is
 * the sending agency's registered seal. The verdict is the worst of all checks.
 */
export interface IncomingCheck {
  pdf: Uint8Array;
  envelopeText: string;
  envelopeSignature: string;
  senderCode: string;
  trustedRoots: readonly Certificate[];
  at: string;
}

export async function verifyIncoming(
  input: IncomingCheck,
): Promise<{ view: VerificationView; envelope: Envelope | undefined }> {
  const reasons: Reason[] = [];
  let verdict: VerificationVerdict = 'valid';
  const add = (reason: Reason) => {
    reasons.push(reason);
    if (reason.severity === 'invalid' || reason.severity === 'indeterminate') verdict = worst(verdict, reason.severity);
  };
  const trust = { trustedRoots: input.trustedRoots };

  let envelope: Envelope | undefined;
  try {
    envelope = envelopeSchema.parse(JSON.parse(input.envelopeText));
  } catch {
    add(own('ENVELOPE_UNREADABLE'));
  }
  if (envelope !== undefined) {
    const sha256 = createHash('sha256').update(input.pdf).digest('hex');
    if (sha256 !== envelope.document.sha256) add(own('CONTENT_MISMATCH'));
    const signed = verifyBytes(
      new TextEncoder().encode(input.envelopeText),
      Buffer.from(input.envelopeSignature, 'base64'),
      trust,
    );
    if (signed.verdict === 'invalid') add(own('ENVELOPE_SIGNATURE_INVALID'));
    else if (signed.signer?.organizationIdentifier !== input.senderCode) add(own('ENVELOPE_SIGNER_MISMATCH'));
  }

  let report: Awaited<ReturnType<typeof verifyPdf>> | undefined;
  try {
    report = await verifyPdf(input.pdf, trust);
  } catch {
    add(own('PDF_UNREADABLE'));
  }
  const seal = report?.signatures.find((s) => s.seal !== undefined)?.seal;
  if (report !== undefined) {
    for (const finding of [...report.findings, ...report.signatures.flatMap((s) => s.findings)]) add(finding);
    verdict = worst(verdict, report.verdict);
    if (seal === undefined) add(own('SEAL_MISSING'));
    else if (seal.agencyCode !== input.senderCode) add(own('SEAL_AGENCY_MISMATCH', seal.agencyName));
  }

  return {
    view: {
      verdict,
      seal: seal ? { name: seal.name, agencyName: seal.agencyName, agencyCode: seal.agencyCode } : null,
      reasons,
      checkedAt: input.at,
    },
    envelope,
  };
}
