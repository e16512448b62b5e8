import { isOaError, type LocalizedText } from '@oa/shared';
import { parseCms } from '../cms/parse';
import type { KeyStore } from '../pki/keystore';
import type { SealRecord } from '../seal/record';
import { byteRangeOf, byteRangeValid, signatureCms } from './embedded-signature';
import { signatureFields } from './form';
import { loadPdf } from './load';
import { sealPdf, signOffPdf } from './roles';
import type { SignaturePlacement } from './sign-pdf';

/** One document of a batch: where to read it and where its signed version goes. */
export interface BatchItem {
  id: string;
  read(): Promise<Uint8Array>;
  write(signed: Buffer): Promise<void>;
  /** Seal placement for this document (the typesetter's SealPosition), overriding the batch's. */
  placement?: Exclude<SignaturePlacement, { kind: 'invisible' }>;
}

export type BatchAction =
  | { kind: 'sign-off'; opinion: string }
  | { kind: 'seal'; record: SealRecord; placement: Exclude<SignaturePlacement, { kind: 'invisible' }> };

export type BatchResult =
  | { id: string; status: 'signed' }
  | { id: string; status: 'failed'; code: string; message: LocalizedText }
  | { id: string; status: 'skipped'; message: LocalizedText };

export type BatchEvent =
  | { type: 'start'; total: number }
  | { type: 'item'; index: number; total: number; result: BatchResult }
  | { type: 'done'; signed: number; failed: number; skipped: number };

export interface BatchReport {
  results: BatchResult[];
  signed: number;
  failed: number;
  skipped: number;
}

/** Whether a signature made with this certificate is already in the PDF. */
async function alreadySignedBy(pdf: Uint8Array, keyStore: KeyStore): Promise<boolean> {
  const { doc, bytes } = await loadPdf(pdf);
  for (const field of signatureFields(doc)) {
    const range = field.value ? byteRangeOf(field.value) : [];
    if (!byteRangeValid(range, bytes)) continue;
    try {
      const cms = parseCms(signatureCms(range, bytes));
      if (cms.signerCertificate?.der.equals(keyStore.certificate.der)) return true;
    } catch {
      // an unreadable signature is not ours
    }
  }
  return false;
}

async function signOne(item: BatchItem, keyStore: KeyStore, action: BatchAction): Promise<BatchResult> {
  try {
    const pdf = await item.read();
    if (await alreadySignedBy(pdf, keyStore)) {
      return {
        id: item.id,
        status: 'skipped',
        message: { zh: '已由本证书签过，跳过。', en: 'Already signed with this certificate; skipped.' },
      };
    }
    const signed =
      action.kind === 'sign-off'
        ? await signOffPdf(pdf, { keyStore, opinion: action.opinion })
        : await sealPdf(pdf, { keyStore, record: action.record, placement: item.placement ?? action.placement });
    await item.write(signed);
    return { id: item.id, status: 'signed' };
  } catch (error) {
    if (isOaError(error)) return { id: item.id, status: 'failed', code: error.code, message: error.text };
    const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'INTERNAL';
    const reason = (error as Error).message;
    return { id: item.id, status: 'failed', code, message: { zh: `处理失败：${reason}`, en: `Failed: ${reason}` } };
  }
}

/**
 * Batch signing for leaders (批量签批): one unlocked key store, N documents, a progress event
 * and a result per document. A failure never stops the batch.
 */
export async function signBatch(
  items: readonly BatchItem[],
  keyStore: KeyStore,
  action: BatchAction,
  onEvent: (event: BatchEvent) => void = () => {},
): Promise<BatchReport> {
  onEvent({ type: 'start', total: items.length });
  const results: BatchResult[] = [];
  for (const [index, item] of items.entries()) {
    const result = await signOne(item, keyStore, action);
    results.push(result);
    onEvent({ type: 'item', index, total: items.length, result });
  }
  const count = (status: BatchResult['status']): number => results.filter((r) => r.status === status).length;
  const report = { results, signed: count('signed'), failed: count('failed'), skipped: count('skipped') };
  onEvent({ type: 'done', signed: report.signed, failed: report.failed, skipped: report.skipped });
  return report;
}

/** Runs the batch again for the documents that failed last time only. */
export function retryFailed(
  previous: BatchReport,
  items: readonly BatchItem[],
  keyStore: KeyStore,
  action: BatchAction,
  onEvent?: (event: BatchEvent) => void,
): Promise<BatchReport> {
  const failed = new Set(previous.results.filter((r) => r.status === 'failed').map((r) => r.id));
  return signBatch(
    items.filter((item) => failed.has(item.id)),
    keyStore,
    action,
    onEvent,
  );
}
