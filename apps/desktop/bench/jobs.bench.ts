import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createKeyStore, createRootCa, issueKey, openKeyStoreFile, signOffPdf, unlockCa } from '@oa/signature';
import type { SignOffBatchView } from '../src/api-contract';
import { readDocument } from '../src/core/store/documents';
import { callApi, noticeDraft, tempCore, unlockedAs, walkFlowTo } from '../src/core/test-support';

/**
 * Issue #6: heavy work off the core's thread. A 批量签发 of `batch` documents through the API
 * (the key store opened and each 签发稿 signed in the jobs worker thread, typeset in the preview
 * worker) while the UI keeps calling the core
 * (`documentCount` every few ms, as the screens poll), against the peer: the same documents
 * typeset in the preview worker and signed with `signOffPdf` on the core's thread (how batches
 * ran before the jobs worker; the key store opened on the core's thread too). Prints the batch time, the latency of the other calls and the
 * core thread's event-loop delay during each.
 */
const batch = 12;
const pin = '802468';

const dir = mkdtempSync(join(tmpdir(), 'oa-jobs-bench-'));
const core = tempCore();
try {
  const ca = await createRootCa({ subject: { commonName: '测试根证书', country: 'CN' }, passphrase: 'root-pass-2026' });
  const leader = await issueKey(unlockCa(ca, 'root-pass-2026'), {
    profile: 'personal',
    subject: { commonName: '陈局长', organization: '江宁市人民政府办公室', country: 'CN' },
  });
  const keyStorePath = join(dir, 'leader.p12');
  writeFileSync(keyStorePath, createKeyStore({ ...leader, pin }));
  await unlockedAs(core, 'chen', '陈局长', ['drafter', 'reviewer', 'countersigner', 'leader']);
  const actor = core.accounts.requireActor();
  const flows = Array.from({ length: batch * 2 }, (_, i) => {
    const draft = core.documents.createDraft(
      core.accounts.requireCurrent(),
      noticeDraft({ title: `关于第${i + 1}项工作的通知` }),
    );
    return walkFlowTo(core, core.workflows.start(actor, { documentId: draft.id, direction: 'outgoing' }), 'sign-off');
  });
  // Both workers warm (fonts loaded) before measuring.
  await core.previewer.preview(noticeDraft());
  const warm = await callApi<SignOffBatchView>(core, 'startSignOff', {
    instanceIds: [flows.at(-1)!.id],
    opinion: '同意。',
    keyStorePath,
    pin,
  });
  await core.signOff.settled(warm.jobId);

  /** Runs `work` while calling the core every 5 ms; the figures of the calls and of the event loop. */
  async function measured(label: string, work: () => Promise<void>) {
    const delay = monitorEventLoopDelay({ resolution: 5 });
    const latencies: number[] = [];
    let running = true;
    // A call is due every 5 ms; its latency is from when it was due until it was answered (so
    // time the thread spent blocked before the call could even start counts).
    const poll = (async () => {
      while (running) {
        const due = performance.now() + 5;
        await new Promise((resolve) => setTimeout(resolve, 5));
        await callApi(core, 'documentCount', {});
        latencies.push(Math.max(0, performance.now() - due));
      }
    })();
    delay.enable();
    const started = performance.now();
    await work();
    const millis = performance.now() - started;
    delay.disable();
    running = false;
    await poll;
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))]!.toFixed(1);
    console.log(
      `  ${label.padEnd(52)} ${(millis / batch).toFixed(0).padStart(5)} ms/doc   other calls: ${String(latencies.length).padStart(4)} answered, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms   event-loop delay max ${(delay.max / 1e6).toFixed(0)} ms`,
    );
  }

  console.log(`批量签发 of ${batch} documents while the UI calls the core every 5 ms:`);
  await measured('typeset in preview worker, sign in the jobs worker', async () => {
    const started = await callApi<SignOffBatchView>(core, 'startSignOff', {
      instanceIds: flows.slice(0, batch).map((flow) => flow.id),
      opinion: '同意。',
      keyStorePath,
      pin,
    });
    await core.signOff.settled(started.jobId);
  });
  await measured('peer: typeset in preview worker, sign on core thread', async () => {
    const keyStore = await openKeyStoreFile(keyStorePath, pin);
    for (const flow of flows.slice(batch, batch * 2)) {
      const content = readDocument(core.context, flow.documentId).document;
      const preview = await core.previewer.preview({
        ...content,
        signature: { ...content.signature, date: '2026-11-23' },
      });
      await signOffPdf(Buffer.from(preview.pdfBase64, 'base64'), {
        keyStore,
        opinion: '同意。',
        signingTime: new Date(),
      });
    }
  });
} finally {
  core.cleanup();
  rmSync(dir, { recursive: true, force: true });
}
