import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveCatalog } from '@oa/archive';
import { isOaError } from '@oa/shared';
import { verifyPdf, type Certificate } from '@oa/signature';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typesetDocument } from '../preview/typeset-document';
import { archivistKeyStore, noticeDraft } from '../test-support';
import { JobsWorker } from './jobs-client';
import type { ExportProgress } from './jobs-protocol';

const pin = '246810';
let dir: string;
let root: Certificate;
let keyStorePath: string;
const workers: JobsWorker[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oa-jobs-worker-'));
  ({ keyStorePath, root } = await archivistKeyStore(dir, pin));
}, 60_000);
afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  rmSync(dir, { recursive: true, force: true });
});

function jobsWorker(): JobsWorker {
  const worker = new JobsWorker();
  workers.push(worker);
  return worker;
}

/** A dated 通知 and its PDF, typeset here (the core has the preview worker do it). */
async function typeset(title: string) {
  const { document, pdf } = await typesetDocument(noticeDraft({ title, signature: { date: '2026-11-20' } }));
  return { document, pdf };
}
const place = { fonds: 'J012', unit: 'BGS', retention: 'D30' };
const record = Buffer.from(JSON.stringify([{ action: '签发', actor: '陈局长', at: '2026-11-20T02:00:00Z' }]));

function codeOf(error: unknown): string {
  return isOaError(error) ? error.code : String(error);
}

describe('the jobs worker thread', () => {
  it('archives into the catalogue, then streams export progress in order before the package and its 四性检测', async () => {
    const worker = jobsWorker();
    const catalogDir = join(dir, 'catalogue-1');
    expect(codeOf(await worker.openKey({ keyStorePath, pin: '000000', catalogDir }).catch((e) => e))).toBe(
      'KEYSTORE_BAD_PIN',
    );
    const keyId = await worker.openKey({ keyStorePath, pin, catalogDir });
    const at = '2026-11-23T08:00:00.000Z';
    const codes = [
      await worker.archiveItem({
        keyId,
        ...(await typeset('关于冬季安全生产的通知')),
        place,
        record,
        actor: '党档案员',
        at,
      }),
      await worker.archiveItem({
        keyId,
        ...(await typeset('关于春节值班的通知')),
        place,
        record,
        actor: '党档案员',
        at,
      }),
    ];
    expect(codes).toEqual(['J012-WS·2026-D30-BGS-0001', 'J012-WS·2026-D30-BGS-0002']);
    await worker.dropKey(keyId);
    // The key is gone from the thread with the batch.
    expect(
      codeOf(
        await worker
          .archiveItem({ keyId, ...(await typeset('再一件')), place, record, actor: '党档案员', at })
          .catch((e) => e),
      ),
    ).toBe('JOB_WORKER_FAILED');

    // The items were written by the worker's own connection; the core's catalogue sees them (WAL).
    const catalog = ArchiveCatalog.open(catalogDir);
    try {
      const stamped = catalog.blobs.get(catalog.get(codes[0]!).files.find((f) => f.name === 'document.pdf')!.sha256);
      expect((await verifyPdf(stamped, { trustedRoots: [root] })).verdict).toBe('valid');
    } finally {
      catalog.close();
    }

    const events: ExportProgress[] = [];
    const exported = await worker.exportPackage(
      { keyStorePath, pin, catalogDir, archivalCodes: codes, outDir: join(dir, 'package-1'), actor: '党档案员', at },
      (event) => events.push(event),
    );
    expect(events).toEqual([
      { type: 'started' },
      { type: 'packed', done: 1, total: 2 },
      { type: 'packed', done: 2, total: 2 },
      { type: 'checking' },
    ]);
    expect(exported).toMatchObject({ items: 2, report: { ok: true } });
  }, 120_000);

  it('fails what is running with JOB_WORKER_FAILED when the thread ends, and starts a fresh thread next time', async () => {
    const worker = jobsWorker();
    const catalogDir = join(dir, 'catalogue-2');
    const keyId = await worker.openKey({ keyStorePath, pin, catalogDir });
    const at = '2026-11-23T08:00:00.000Z';
    const running = worker
      .archiveItem({
        keyId,
        ...(await typeset('中途停止的通知')),
        place,
        record,
        actor: '党档案员',
        at,
      })
      .catch((e: unknown) => e);
    await worker.terminate();
    expect(codeOf(await running)).toBe('JOB_WORKER_FAILED');
    // A fresh thread does not know the old key: the batch cannot go on unnoticed with it.
    expect(
      codeOf(
        await worker
          .archiveItem({ keyId, ...(await typeset('之后的通知')), place, record, actor: '党档案员', at })
          .catch((e) => e),
      ),
    ).toBe('JOB_WORKER_FAILED');
    const again = await worker.openKey({ keyStorePath, pin, catalogDir });
    expect(
      await worker.archiveItem({
        keyId: again,
        ...(await typeset('重新开始的通知')),
        place,
        record,
        actor: '党档案员',
        at,
      }),
    ).toMatch(/^J012-WS·2026-D30-BGS-000[12]$/);
  }, 120_000);

  it('refuses everything after close', async () => {
    const worker = jobsWorker();
    await worker.close();
    expect(codeOf(await worker.openKey({ keyStorePath, pin }).catch((e) => e))).toBe('JOB_WORKER_FAILED');
  });
});
