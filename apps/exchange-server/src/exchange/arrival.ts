import { classificationTable, type Envelope } from '@oa/shared';
import { hubError } from '../errors';
import { sealRefusal } from '../seal/seal-policy';
import type { SealVerifier } from '../seal/verifier';
import type { SealRecord } from '../storage/store';
import type { HubConfig } from '../config';
import { sha256Hex } from '../audit/chain';

/** The classification rank a hub may carry (`none` = unclassified only). */
export function maxRank(max: HubConfig['maxClassification']): number {
  return max === 'none' ? 0 : classificationTable[max].rank;
}

export function checkClassification(envelope: Envelope, max: HubConfig['maxClassification']): void {
  if (!envelope.classification) return;
  const info = classificationTable[envelope.classification];
  if (info.rank > maxRank(max)) {
    const allowed = max === 'none' ? { zh: '非涉密', en: 'unclassified' } : classificationTable[max];
    throw hubError(
      'CLASSIFICATION_TOO_HIGH',
      {
        zh: `本交换中心只能传输${allowed.zh}及以下公文，不能传输${info.zh}公文；请通过符合密级要求的系统传输。`,
        en: `This hub carries ${allowed.en} documents at most, not ${info.en} ones; use a system cleared for that level.`,
      },
      { classification: envelope.classification, maximum: max },
    );
  }
}

/** The PDF and every attachment must be exactly what the signed envelope names. */
export function checkContent(envelope: Envelope, document: Uint8Array, attachments: readonly Uint8Array[]): void {
  const mismatch = (name: string) =>
    hubError(
      'CONTENT_MISMATCH',
      {
        zh: `${name}与签名信封中的摘要或大小不符，可能在传输中损坏或被篡改。`,
        en: `${name} does not match the hash or size in the signed envelope; it was damaged or altered.`,
      },
      { part: name },
    );
  if (document.byteLength !== envelope.document.size || sha256Hex(document) !== envelope.document.sha256) {
    throw mismatch('document');
  }
  if (attachments.length !== envelope.attachments.length) {
    throw hubError('CONTENT_MISMATCH', {
      zh: `信封列出 ${envelope.attachments.length} 个附件，实际收到 ${attachments.length} 个。`,
      en: `The envelope lists ${envelope.attachments.length} attachments but ${attachments.length} arrived.`,
    });
  }
  envelope.attachments.forEach((ref, index) => {
    const data = attachments[index]!;
    if (data.byteLength !== ref.size || sha256Hex(data) !== ref.sha256) throw mismatch(`attachment ${index + 1}`);
  });
}

/**
 * Verifies the sender's signatures on arrival: the envelope's detached CMS signature and the
 * seal signatures in the PDF must be valid, trusted, unrevoked and made with one of the
 * sender's own registered seals; the last PDF signature must cover the whole file.
 */
export async function checkSeals(
  verifier: SealVerifier,
  input: { envelopeBytes: Uint8Array; signature: Uint8Array; document: Uint8Array; sender: string },
  senderSeals: readonly SealRecord[],
): Promise<void> {
  const envelopeCheck = await verifier.verifyDetached(input.envelopeBytes, input.signature);
  if (!envelopeCheck.ok) {
    throw hubError('ENVELOPE_SIGNATURE_INVALID', {
      zh: `信封签名无效：${envelopeCheck.problem}`,
      en: `The envelope signature is not valid: ${envelopeCheck.problem}`,
    });
  }
  const envelopeRefusal = sealRefusal(envelopeCheck.signer, input.sender, senderSeals, {
    zh: '信封签名',
    en: 'envelope signature',
  });
  if (envelopeRefusal) throw envelopeRefusal;

  const signatures = await verifier.verifyPdf(input.document);
  if (signatures.length === 0) {
    throw hubError('SEAL_MISSING', {
      zh: '公文 PDF 未加盖电子印章（没有数字签名）。',
      en: 'The PDF carries no electronic seal (no digital signature).',
    });
  }
  const broken = signatures.findIndex((s) => !s.intact);
  if (broken >= 0) {
    throw hubError(
      'SEAL_INVALID',
      {
        zh: `公文 PDF 的第 ${broken + 1} 个签名无效：${signatures[broken]!.problem ?? '摘要不符'}`,
        en: `Signature ${broken + 1} of the PDF is not valid: ${signatures[broken]!.problem ?? 'digest mismatch'}`,
      },
      { index: broken },
    );
  }
  const last = signatures[signatures.length - 1]!;
  if (!last.coversWholeDocument) {
    throw hubError('SEAL_INVALID', {
      zh: '公文 PDF 在加盖印章后又被修改（最后一个签名未覆盖整个文件）。',
      en: 'The PDF was changed after it was sealed (its last signature does not cover the whole file).',
    });
  }
  const refusals = signatures.map((s) =>
    s.signer
      ? sealRefusal(s.signer, input.sender, senderSeals, { zh: '公文印章', en: 'document seal' })
      : hubError('SEAL_INVALID', {
          zh: '公文 PDF 的签名中没有签名者证书。',
          en: "A signature of the PDF carries no signer's certificate.",
        }),
  );
  if (refusals.some((r) => r === undefined)) return;
  // No signature is by the sender's own seal: report the reason for the last one.
  throw refusals[refusals.length - 1]!;
}
