import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { OaError, type LocalizedText, type SealPosition } from '@oa/shared';
import type { VerificationView } from '../../api-contract';
import { desktopError } from '../errors';
import type { IncomingCheck } from '../exchange/verify-incoming';

/** A typeset preview: the PDF (base64), its page count and how long typesetting took. */
export interface Preview {
  pdfBase64: string;
  pageCount: number;
  /** Where each issuer's seal goes (GB/T 9704 §7.3.5), for 用印. */
  sealPositions: SealPosition[];
  millis: number;
}

/** The warm-up's result: the sample typeset (for the renderer to warm pdf.js with) and its time. */
export interface WarmUp {
  pdfBase64: string;
  millis: number;
}

type Reply =
  | { id: number; ok: true; verification: VerificationView }
  | { id: number; ok: true; warmed: true; pdf: string; millis: number }
  | { id: number; ok: true; pdf: string; pageCount: number; sealPositions: SealPosition[]; millis: number }
  | { id: number; ok: false; code: string; details: { items?: unknown; violations?: string; text?: LocalizedText } };

/** From source: register tsx's loader inside the worker, then load the TypeScript entry. */
function sourceWorker(): Worker {
  const cjsEntry = createRequire(import.meta.url).resolve('tsx/esm/api');
  const tsx = pathToFileURL(cjsEntry.replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL('./preview-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true });
}

/**
 * Typesets documents in one long-lived worker thread (started on first use, fonts loaded once
 * there). The built app ships `preview-worker.js` beside the main bundle; from source the
 * worker runs the TypeScript file through tsx.
 */
export class Previewer {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (value: never) => void; reject: (e: Error) => void }>();

  preview(document: unknown): Promise<Preview> {
    return this.request<Preview>({ document });
  }

  /**
   * Starts the worker, loads its fonts and typesets a sample (warm-up.ts), so the first preview
   * someone opens is typeset at warm speed. Resolves with the sample's PDF (base64; empty when
   * the fonts are missing) and the milliseconds it took.
   */
  warm(): Promise<WarmUp> {
    return this.request<WarmUp>({ warm: true });
  }

  /** Verifies an arrival (PDF seal and envelope) in the same worker thread. */
  verifyIncoming(check: IncomingCheck): Promise<VerificationView> {
    const { trustedRoots, ...rest } = check;
    return this.request<VerificationView>({
      verify: { ...rest, trustedRootsPem: trustedRoots.map((root) => root.toPem()) },
    });
  }

  private request<T>(message: Record<string, unknown>): Promise<T> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: never) => void, reject });
      worker.postMessage({ id, ...message });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker !== undefined) await worker.terminate();
  }

  private start(): Worker {
    if (this.worker !== undefined) return this.worker;
    const built = new URL('./preview-worker.js', import.meta.url);
    const worker = existsSync(fileURLToPath(built)) ? new Worker(built) : sourceWorker();
    worker.unref();
    worker.on('message', (reply: Reply) => this.settle(reply));
    // A crashed or stopped worker (the core closing) fails what waits with the typed error, not an internal one.
    worker.on('error', () => this.failAll());
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll();
    });
    this.worker = worker;
    return worker;
  }

  private settle(reply: Reply): void {
    const pending = this.waiting.get(reply.id);
    if (pending === undefined) return;
    this.waiting.delete(reply.id);
    if (reply.ok && 'verification' in reply) {
      pending.resolve(reply.verification as never);
    } else if (reply.ok && 'warmed' in reply) {
      pending.resolve({ pdfBase64: reply.pdf, millis: reply.millis } as never);
    } else if (reply.ok) {
      pending.resolve({
        pdfBase64: reply.pdf,
        pageCount: reply.pageCount,
        sealPositions: reply.sealPositions,
        millis: reply.millis,
      } as never);
    } else if (reply.code === 'DOC_INVALID') {
      pending.reject(
        desktopError('DOC_INVALID', { violations: reply.details.violations ?? '', items: reply.details.items }),
      );
    } else if (reply.details.text !== undefined) {
      pending.reject(new OaError(reply.code, reply.details.text));
    } else {
      pending.reject(desktopError('PREVIEW_FAILED'));
    }
  }

  private failAll(): void {
    for (const pending of this.waiting.values()) pending.reject(desktopError('PREVIEW_FAILED'));
    this.waiting.clear();
  }
}
