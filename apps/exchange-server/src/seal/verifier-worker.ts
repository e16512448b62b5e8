/**
 * A worker thread of the verification pool: verifies envelope/receipt signatures and PDF seals
 * with the deployment's roots and CRLs, off the hub's request thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SignatureSealVerifier } from './signature-verifier';
import type { VerificationJob, VerificationReply } from './verifier-pool';

const { trustRoots, crls } = workerData as { trustRoots: string[]; crls: string[] };
const verifier = SignatureSealVerifier.fromFiles(trustRoots, crls);
parentPort!.postMessage({ ready: true });

parentPort!.on('message', async (job: VerificationJob) => {
  let reply: VerificationReply;
  try {
    const result =
      job.kind === 'pdf'
        ? await verifier.verifyPdf(job.pdf)
        : await verifier.verifyDetached(job.content, job.signature);
    reply = { id: job.id, result };
  } catch (error) {
    reply = { id: job.id, error: (error as Error).message };
  }
  parentPort!.postMessage(reply);
});
