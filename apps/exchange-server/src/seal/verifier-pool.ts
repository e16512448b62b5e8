import type { Worker } from 'node:worker_threads';
import { hubError } from '../errors';
import { startSourceWorker } from '../threads/source-worker';
import { SignatureSealVerifier } from './signature-verifier';
import type { CertificateInfo, DetachedCheck, PdfSignatureCheck, SealVerifier, SignerCheck } from './verifier';

type JobInput = { kind: 'detached'; content: Uint8Array; signature: Uint8Array } | { kind: 'pdf'; pdf: Uint8Array };
export type VerificationJob = JobInput & { id: number };
export type VerificationReply =
  { id: number; result: DetachedCheck | PdfSignatureCheck[] } | { id: number; error: string };

interface PoolWorker {
  worker: Worker;
  /** Settles when the worker has loaded the verifier (or failed to). */
  ready: Promise<void>;
  pending: Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>;
}

const workerModule = new URL('./verifier-worker.ts', import.meta.url);

/**
 * Runs signature and seal verification (the CPU-heavy part of a send: ≈ 10 ms each) on a pool
 * of worker threads, so one hub process uses several cores and its request thread stays free.
 * Certificate parsing and checks (rare, at registration) stay on the calling thread.
 */
export class PooledSealVerifier implements SealVerifier {
  private readonly local: SignatureSealVerifier;
  private readonly workers: PoolWorker[];
  private nextId = 0;

  constructor(trustRoots: readonly string[], crls: readonly string[], size: number) {
    this.local = SignatureSealVerifier.fromFiles(trustRoots, crls);
    this.workers = Array.from({ length: size }, () => this.spawn(trustRoots, crls));
  }

  private spawn(trustRoots: readonly string[], crls: readonly string[]): PoolWorker {
    const worker = startSourceWorker(workerModule, { workerData: { trustRoots: [...trustRoots], crls: [...crls] } });
    let started!: () => void;
    let failed!: (error: Error) => void;
    const ready = new Promise<void>((resolve, reject) => {
      started = resolve;
      failed = reject;
    });
    ready.catch(() => undefined); // reported by whoever awaits ready()
    const entry: PoolWorker = { worker, ready, pending: new Map() };
    worker.on('message', (reply: VerificationReply | { ready: true }) => {
      if ('ready' in reply) {
        started();
        if (entry.pending.size === 0) worker.unref();
        return;
      }
      const waiting = entry.pending.get(reply.id);
      if (!waiting) return;
      entry.pending.delete(reply.id);
      if (entry.pending.size === 0) worker.unref();
      if ('error' in reply) waiting.reject(new Error(reply.error));
      else waiting.resolve(reply.result as never);
    });
    const failAll = (error: Error) => {
      failed(error);
      for (const waiting of entry.pending.values()) waiting.reject(error);
      entry.pending.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`verification worker exited (${code})`)));
    // A starting worker and a job in flight keep the process alive; an idle pool does not.
    return entry;
  }

  private run<T>(job: JobInput): Promise<T> {
    const entry = this.workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      entry.pending.set(id, {
        resolve: resolve as (value: never) => void,
        reject: (error) =>
          reject(
            hubError('INTERNAL', {
              zh: `签名验证失败（${error.message}）。`,
              en: `Signature verification failed (${error.message}).`,
            }),
          ),
      });
      const message: VerificationJob = { ...job, id };
      entry.worker.ref();
      entry.worker.postMessage(message);
    });
  }

  /** Resolves once every worker has started (about a second: each compiles the sources). */
  async ready(): Promise<void> {
    try {
      await Promise.all(this.workers.map((w) => w.ready));
    } catch (error) {
      throw hubError('INTERNAL', {
        zh: `签名验证线程无法启动（${(error as Error).message}）。`,
        en: `The signature verification threads cannot start (${(error as Error).message}).`,
      });
    }
  }

  parseCertificate(input: Uint8Array | string): CertificateInfo {
    return this.local.parseCertificate(input);
  }

  checkCertificate(certificate: CertificateInfo, at: Date): SignerCheck {
    return this.local.checkCertificate(certificate, at);
  }

  verifyDetached(content: Uint8Array, signature: Uint8Array): Promise<DetachedCheck> {
    return this.run({ kind: 'detached', content, signature });
  }

  verifyPdf(pdf: Uint8Array): Promise<PdfSignatureCheck[]> {
    return this.run({ kind: 'pdf', pdf });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
