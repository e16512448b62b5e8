import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeyStore, createRootCa, issueKey, unlockCa } from '@oa/signature';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveJobView } from '../../api-contract';
import type { DesktopCore } from '../core';
import { apiErrorCode, callApi, coreSet, noticeDraft, testPassword, walkFlowTo } from '../test-support';

const pin = '975310';
const cores = coreSet();
let dir: string;
let keyStorePath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oa-archive-jobs-'));
  const ca = await createRootCa({
    subject: { commonName: '南京市电子政务测试根证书', country: 'CN' },
    passphrase: 'root-pass-2026',
  });
  const key = await issueKey(unlockCa(ca, 'root-pass-2026'), {
    profile: 'seal',
    subject: {
      commonName: '档案专用章',
      organization: '南京市人民政府办公厅',
      organizationIdentifier: '11320100014170019X',
      country: 'CN',
    },
  });
  keyStorePath = join(dir, 'archivist.p12');
  writeFileSync(keyStorePath, createKeyStore({ ...key, pin }));
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
});
