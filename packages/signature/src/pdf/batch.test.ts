import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestPki, createTestPki, makePdf, pdfsig, type TestPki } from '../test-support/fixtures';
import { signOffPdf } from './roles';
import { retryFailed, signBatch, type BatchEvent, type BatchItem } from './batch';

let pki: TestPki;
afterAll(() => removeTestPki(pki));
beforeAll(async () => {
  pki = await createTestPki();
});

describe('signBatch', () => {
  it('signs N documents with one key store, reports per document, continues past failures and retries only the failed', async () => {
    const inputs = new Map<string, Buffer>([
      ['a.pdf', await makePdf(1, 'A')],
      ['b.pdf', Buffer.from('this is not a pdf')],
      ['c.pdf', await signOffPdf(await makePdf(1, 'C'), { keyStore: pki.leader, opinion: '同意。' })],
      ['d.pdf', await makePdf(2, 'D')],
    ]);
    const outputs = new Map<string, Buffer>();
    const reads: string[] = [];
    const items: BatchItem[] = [...inputs.keys()].map((id) => ({
      id,
      read: async () => {
        reads.push(id);
        return inputs.get(id)!;
      },
      write: async (signed) => {
        outputs.set(id, signed);
      },
    }));
    const events: BatchEvent[] = [];
    const action = { kind: 'sign-off' as const, opinion: '同意印发。' };
    const report = await signBatch(items, pki.leader, action, (e) => events.push(e));
    expect(report.results.map((r) => [r.id, r.status])).toEqual([
      ['a.pdf', 'signed'],
      ['b.pdf', 'failed'],
      ['c.pdf', 'skipped'],
      ['d.pdf', 'signed'],
    ]);
    expect(report.results[1]).toMatchObject({ code: 'PDF_NOT_A_PDF' });
    expect(events.map((e) => e.type)).toEqual(['start', 'item', 'item', 'item', 'item', 'done']);
    expect(events.at(-1)).toEqual({ type: 'done', signed: 2, failed: 1, skipped: 1 });
    expect(pdfsig(pki, outputs.get('d.pdf')!).signatures[0]).toMatchObject({ valid: true, trusted: true });

    inputs.set('b.pdf', await makePdf(1, 'B fixed'));
    reads.length = 0;
    const retry = await retryFailed(report, items, pki.leader, action);
    expect(reads).toEqual(['b.pdf']);
    expect(retry.results).toEqual([{ id: 'b.pdf', status: 'signed' }]);
  });
});
