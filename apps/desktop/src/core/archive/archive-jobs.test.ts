import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ArchiveJobView } from '../../api-contract';
import type { DesktopCore } from '../core';
import {
  apiErrorCode,
  archivistKeyStore,
  callApi,
  coreSet,
  noticeDraft,
  testPassword,
  walkFlowTo,
} from '../test-support';

const pin = '975310';
const cores = coreSet();
let dir: string;
let keyStorePath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oa-archive-jobs-'));
  ({ keyStorePath } = await archivistKeyStore(dir, pin));
}, 60_000);
afterAll(() => {
  cores.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function finished(core: DesktopCore, jobId: string): Promise<{ last: ArchiveJobView; seen: ArchiveJobView[] }> {
  const seen: ArchiveJobView[] = [];
  for (;;) {
    const view = await callApi<ArchiveJobView>(core, 'archiveJob', { jobId });
    seen.push(view);
    if (view.finished) return { last: view, seen };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A records officer's laptop with documents walked through the outgoing flow to 归档 (the last one only to 核稿). */
async function officerWith(titles: string[]) {
  const core = cores.open();
  await core.accounts.create({
    login: 'dang',
    displayName: '党档案员',
    password: testPassword,
    roles: ['drafter', 'reviewer', 'countersigner', 'leader', 'registrar', 'records-officer'],
  });
  await core.accounts.unlock('dang', testPassword);
  const ids = titles.map((title, index) => {
    const draft = core.documents.createDraft(core.accounts.requireCurrent(), noticeDraft({ title }));
    const flow = core.workflows.start(core.accounts.requireActor(), { documentId: draft.id, direction: 'outgoing' });
    const last = index === titles.length - 1 ? 'review' : 'archive';
    return walkFlowTo(core, flow, last, `宁政办发〔2026〕${index + 1}号`).id;
  });
  return { core, ids };
}

describe('归档 and export as background jobs with progress', () => {
  it('archives item by item with a result each, then exports a package whose 四性检测 passes', async () => {
    const { core, ids } = await officerWith([
      '南京市人民政府办公厅关于做好2026年冬季安全生产工作的通知',
      '南京市人民政府办公厅关于做好春节期间值班工作的通知',
      '南京市人民政府办公厅关于开展消防检查的通知',
    ]);
    const place = { fonds: 'J012', unit: 'BGS', retention: 'D30', keyStorePath };
    expect(await apiErrorCode(core, 'startArchiving', { instanceIds: ids, ...place, pin: '000000' })).toBe(
      'KEYSTORE_BAD_PIN',
    );

    const started = await callApi<ArchiveJobView>(core, 'startArchiving', { instanceIds: ids, ...place, pin });
    expect(started).toMatchObject({ kind: 'archive', total: 3, finished: false });
    const { last: archived, seen } = await finished(core, started.jobId);
    expect(archived).toMatchObject({ phase: 'done', done: 3, error: null });
    // The bar moves: the views seen while it ran never go backwards.
    const done = seen.map((view) => view.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(archived.outcomes.map((o) => o.ok)).toEqual([true, true, false]);
    expect(archived.outcomes[2]).toMatchObject({ ok: false, error: { code: 'ARCHIVE_NOT_READY' } });
    const codes = archived.outcomes.flatMap((o) => (o.ok ? [o.archivalCode] : []));
    expect(codes).toEqual(['J012-WS·2026-D30-BGS-0001', 'J012-WS·2026-D30-BGS-0002']);

    const exportStart = await callApi<ArchiveJobView>(core, 'startArchiveExport', {
      archivalCodes: codes,
      outDir: join(dir, 'package'),
      keyStorePath,
      pin,
    });
    expect(exportStart).toMatchObject({ kind: 'export', total: 2 });
    const { last: exported } = await finished(core, exportStart.jobId);
    expect(exported).toMatchObject({ phase: 'done', done: 2, error: null });
    expect(exported.exported).toMatchObject({ items: 2, report: { ok: true } });
  }, 120_000);

  it('says at the start when the export folder cannot be written, and a job of someone else is not shown', async () => {
    const { core } = await officerWith(['只到核稿的通知']);
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a folder');
    expect(
      await apiErrorCode(core, 'startArchiveExport', {
        archivalCodes: ['J012-WS·2026-D30-BGS-0001'],
        outDir: join(file, 'package'),
        keyStorePath,
        pin,
      }),
    ).toBe('ARCHIVE_OUT_DIR_UNWRITABLE');
    expect(await apiErrorCode(core, 'archiveJob', { jobId: 'no-such-job' })).toBe('ARCHIVE_JOB_UNKNOWN');
  }, 60_000);

  it('ends a job with JOB_WORKER_FAILED when the worker thread dies, keeps the items done, and the next job works', async () => {
    const { core, ids } = await officerWith(['关于防汛准备的通知', '关于节能检查的通知', '只到核稿的通知']);
    const place = { fonds: 'J013', unit: 'BGS', retention: 'D10', keyStorePath, pin };
    const worker = core.jobsWorker;

    // 归档: the thread is ended while it stamps the second document (as a crash would end it).
    const archiveItem = worker.archiveItem.bind(worker);
    let calls = 0;
    const archiveSpy = vi.spyOn(worker, 'archiveItem').mockImplementation((input) => {
      const archived = archiveItem(input);
      if (++calls === 2) void worker.terminate();
      return archived;
    });
    const broken = await callApi<ArchiveJobView>(core, 'startArchiving', { instanceIds: ids.slice(0, 2), ...place });
    const { last: archived } = await finished(core, broken.jobId);
    archiveSpy.mockRestore();
    expect(archived).toMatchObject({ phase: 'done', finished: true, done: 1, error: { code: 'JOB_WORKER_FAILED' } });
    expect(archived.error!.message.en).toContain('background worker stopped');
    expect(archived.outcomes).toEqual([{ instanceId: ids[0], ok: true, archivalCode: 'J013-WS·2026-D10-BGS-0001' }]);
    const actor = core.accounts.requireActor();
    expect(core.workflows.view(actor, ids[1]!).currentStepId).toBe('archive');

    const retried = await callApi<ArchiveJobView>(core, 'startArchiving', { instanceIds: [ids[1]!], ...place });
    const { last: again } = await finished(core, retried.jobId);
    expect(again).toMatchObject({ error: null, outcomes: [{ ok: true, archivalCode: 'J013-WS·2026-D10-BGS-0002' }] });

    // Export: the thread is ended right after the first item was packed.
    const exportPackage = worker.exportPackage.bind(worker);
    const exportSpy = vi.spyOn(worker, 'exportPackage').mockImplementation((input, onProgress) =>
      exportPackage(input, (event) => {
        onProgress(event);
        if (event.type === 'packed' && event.done === 1) void worker.terminate();
      }),
    );
    const exportStart = await callApi<ArchiveJobView>(core, 'startArchiveExport', {
      archivalCodes: ['J013-WS·2026-D10-BGS-0001', 'J013-WS·2026-D10-BGS-0002'],
      outDir: join(dir, 'package-broken'),
      keyStorePath,
      pin,
    });
    const { last: exported } = await finished(core, exportStart.jobId);
    exportSpy.mockRestore();
    expect(exported).toMatchObject({
      phase: 'done',
      finished: true,
      done: 1,
      exported: null,
      error: { code: 'JOB_WORKER_FAILED' },
    });
  }, 120_000);
});
