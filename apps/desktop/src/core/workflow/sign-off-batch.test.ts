import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '@oa/shared';
import { createKeyStore, createRootCa, issueKey, unlockCa, verifyPdf, type Certificate } from '@oa/signature';
import { createNssTrust, pdfsigText } from '@oa/signature/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SignOffBatchView } from '../../api-contract';
import type { DesktopCore } from '../core';
import { attachmentData, listAttachments } from '../store/attachments';
import { apiErrorCode, callApi, coreSet, noticeDraft, unlockedAs, walkFlowTo } from '../test-support';

const pin = '802468';
const cores = coreSet();
let dir: string;
let root: Certificate;
let keyStorePath: string;
let nss: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oa-sign-off-'));
  const ca = await createRootCa({
    subject: { commonName: '江东省电子政务测试根证书', country: 'CN' },
    passphrase: 'root-pass-2026',
  });
  root = ca.certificate;
  const leader = await issueKey(unlockCa(ca, 'root-pass-2026'), {
    profile: 'personal',
    subject: { commonName: '陈局长', organization: '江宁市人民政府办公室', country: 'CN' },
  });
  keyStorePath = join(dir, 'leader.p12');
  writeFileSync(keyStorePath, createKeyStore({ ...leader, pin }));
  nss = createNssTrust(dir, root);
}, 60_000);
afterAll(() => {
  cores.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** A leader's laptop with documents walked to 签发 (and one still at 核稿). */
async function leaderWithDocuments(titles: string[]) {
  const core = cores.open();
  await unlockedAs(core, 'chen', '陈局长', ['drafter', 'reviewer', 'countersigner', 'leader']);
  const actor: Actor = core.accounts.requireActor();
  const me = { id: actor.id, name: actor.name };
  const flows = titles.map((title, index) => {
    const draft = core.documents.createDraft(core.accounts.requireCurrent(), noticeDraft({ title }));
    const flow = core.workflows.start(actor, { documentId: draft.id, direction: 'outgoing' });
    return walkFlowTo(core, flow, index === titles.length - 1 ? 'review' : 'sign-off');
  });
  return { core, flows, me };
}

async function finished(core: DesktopCore, jobId: string): Promise<SignOffBatchView> {
  for (;;) {
    const view = await callApi<SignOffBatchView>(core, 'signOffProgress', { jobId });
    if (view.finished) return view;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Starts a batch with the right PIN (the leader named for the next step) and waits for its end. */
async function signedBatch(core: DesktopCore, instanceIds: string[], next: { id: string; name: string }) {
  const started = await callApi<SignOffBatchView>(core, 'startSignOff', {
    instanceIds,
    opinion: '同意。',
    keyStorePath,
    pin,
    next: { assignees: [next] },
  });
  return finished(core, started.jobId);
}

describe('批量签发 with the leader key (one PIN, signed in the jobs worker, progress, a result per document)', () => {
  it('signs each ready document with a PDF signature outside validators accept, and says why the others failed', async () => {
    const titles = ['关于做好冬季安全生产工作的通知', '关于做好春节期间值班工作的通知', '关于开展消防检查的通知'];
    const { core, flows, me } = await leaderWithDocuments(titles);
    const ids = flows.map((flow) => flow.id);
    // The preview worker is warm; the batch runs in its own worker thread, started with the batch.
    await callApi(core, 'previewDocument', { document: noticeDraft() });

    const started = await callApi<SignOffBatchView>(core, 'startSignOff', {
      instanceIds: ids,
      opinion: '同意发文。',
      keyStorePath,
      pin,
      next: { assignees: [me] },
    });
    expect(started).toMatchObject({ total: 3, finished: false });
    // The core keeps answering while the batch signs: other calls and a preview come back first.
    const batchEnd = core.signOff.settled(started.jobId).then(() => 'batch finished');
    const preview = callApi(core, 'previewDocument', { document: noticeDraft({ title: '另一份草稿' }) });
    expect(await Promise.race([preview.then(() => 'preview'), batchEnd])).toBe('preview');
    const progress = callApi(core, 'signOffProgress', { jobId: started.jobId });
    expect(await Promise.race([progress.then(() => 'progress'), batchEnd])).toBe('progress');
    const done = await finished(core, started.jobId);
    expect(done.done).toBe(3);
    expect(done.items.map((item) => item.status)).toEqual(['signed', 'signed', 'failed']);
    expect(done.items[2]!.error).toMatchObject({ code: 'SIGN_OFF_NOT_READY' });
    expect(done.items[2]!.error!.message.zh).toContain(titles[2]);

    for (const [index, item] of done.items.slice(0, 2).entries()) {
      const flow = core.workflows.view(core.accounts.requireActor(), item.instanceId);
      expect(flow.currentStepId).not.toBe('sign-off');
      expect(flow.state.history.at(-1)).toMatchObject({ stepId: 'sign-off', text: '同意发文。' });
      const pdf = Buffer.from(attachmentData(core.context, item.attachmentId!).bytes);
      const report = await verifyPdf(pdf, { trustedRoots: [root] });
      expect(report.verdict).toBe('valid');
      expect(report.signatures[0]).toMatchObject({
        role: 'sign-off',
        opinion: '同意发文。',
        coversWholeDocument: true,
      });
      const file = join(dir, `sign-off-${index}.pdf`);
      writeFileSync(file, pdf);
      const text = pdfsigText(nss, file);
      expect(text).toContain('Signature is Valid.');
      expect(text).toContain('Certificate is Trusted.');
      expect(text).toContain('陈局长');
    }
    // The one at 核稿 is untouched.
    expect(core.workflows.view(core.accounts.requireActor(), ids[2]!).currentStepId).toBe('review');
  }, 60_000);

  it('refuses a wrong PIN before anything starts, and never signs a document twice', async () => {
    const { core, flows, me } = await leaderWithDocuments(['关于调整办公时间的通知', '只到核稿的通知']);
    const ids = flows.map((flow) => flow.id);
    expect(
      await apiErrorCode(core, 'startSignOff', { instanceIds: ids, opinion: '同意。', keyStorePath, pin: '000000' }),
    ).toBe('KEYSTORE_BAD_PIN');
    expect(core.workflows.view(core.accounts.requireActor(), ids[0]!).currentStepId).toBe('sign-off');

    const first = await finished(
      core,
      (
        await callApi<SignOffBatchView>(core, 'startSignOff', {
          instanceIds: ids,
          opinion: '同意。',
          keyStorePath,
          pin,
        })
      ).jobId,
    );
    expect(first.items.map((item) => item.status)).toEqual(['signed', 'failed']);
    // A retry of everything: the signed one is no longer at 签发 and fails without a second signature.
    const again = await signedBatch(core, [ids[0]!], me);
    expect(again.items[0]).toMatchObject({ status: 'failed', error: { code: 'SIGN_OFF_NOT_READY' } });
    const signedCopies = listAttachments(core.context, flows[0]!.documentId).filter((a) => a.name.startsWith('签发稿'));
    expect(signedCopies).toHaveLength(1);
  }, 60_000);

  it('ends the batch with JOB_WORKER_FAILED when the worker thread dies, keeps what was signed, and the next batch works', async () => {
    const { core, flows, me } = await leaderWithDocuments([
      '关于防汛准备的通知',
      '关于节能检查的通知',
      '关于年度考核的通知',
      '只到核稿的通知',
    ]);
    const ids = flows.map((flow) => flow.id);
    // The worker thread is ended while it signs the second document (as a crash would end it).
    const signOff = core.jobsWorker.signOff.bind(core.jobsWorker);
    let calls = 0;
    const spy = vi.spyOn(core.jobsWorker, 'signOff').mockImplementation((input) => {
      const signed = signOff(input);
      if (++calls === 2) void core.jobsWorker.terminate();
      return signed;
    });
    const broken = await signedBatch(core, ids.slice(0, 3), me);
    spy.mockRestore();
    expect(broken).toMatchObject({ done: 3, finished: true });
    expect(broken.items.map((item) => item.status)).toEqual(['signed', 'failed', 'failed']);
    for (const item of broken.items.slice(1)) {
      expect(item.error).toMatchObject({ code: 'JOB_WORKER_FAILED' });
      expect(item.error!.message.zh).toContain('后台处理线程');
    }
    const actor = core.accounts.requireActor();
    expect(core.workflows.view(actor, ids[0]!).currentStepId).not.toBe('sign-off');
    expect(listAttachments(core.context, flows[0]!.documentId).filter((a) => a.name.startsWith('签发稿'))).toHaveLength(
      1,
    );
    for (const flow of flows.slice(1, 3)) {
      expect(core.workflows.view(actor, flow.id).currentStepId).toBe('sign-off');
      expect(listAttachments(core.context, flow.documentId)).toHaveLength(0);
    }

    // The next batch starts a fresh worker thread (a wrong PIN is still refused at its start).
    expect(
      await apiErrorCode(core, 'startSignOff', {
        instanceIds: ids.slice(1, 3),
        opinion: '同意。',
        keyStorePath,
        pin: '1',
      }),
    ).toBe('KEYSTORE_BAD_PIN');
    const retried = await signedBatch(core, ids.slice(1, 3), me);
    expect(retried.items.map((item) => item.status)).toEqual(['signed', 'signed']);
  }, 90_000);

  it('ends a running batch when the core closes (its worker threads are ended) and starts nothing after', async () => {
    const { core, flows, me } = await leaderWithDocuments(['关于会议安排的通知', '关于培训安排的通知']);
    const actor = core.accounts.requireActor();
    const started = await callApi<SignOffBatchView>(core, 'startSignOff', {
      instanceIds: flows.map((flow) => flow.id),
      opinion: '同意。',
      keyStorePath,
      pin,
      next: { assignees: [me] },
    });
    core.close();
    await core.signOff.settled(started.jobId);
    expect(core.signOff.progress(actor, started.jobId)).toMatchObject({ finished: true, done: 2 });
    const after = await core.jobsWorker.openKey({ keyStorePath, pin }).catch((e: { code: string }) => e.code);
    expect(after).toBe('JOB_WORKER_FAILED');
  }, 60_000);
});
