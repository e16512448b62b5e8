import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { OaError } from '@oa/shared';
import { fromWireError, workerMessageSchema, type WorkerProtocol, type WorkerRequest } from './protocol';

/** Where a worker's entry is: the built app's `.js` beside the main bundle, else the TypeScript source. */
export interface WorkerEntry {
  built: URL;
  source: URL;
}

/** From source: register tsx's loader inside the worker, then load the TypeScript entry. */
function sourceWorker(entry: URL): Worker {
  const cjsEntry = createRequire(import.meta.url).resolve('tsx/esm/api');
  const tsx = pathToFileURL(cjsEntry.replace(/\.cjs$/, '.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}

interface Pending {
  resolve: (value: never) => void;
  reject: (error: unknown) => void;
  progress: ((event: never) => void) | undefined;
}

/**
 * The core's side of one long-lived worker thread: typed requests (see `WorkerProtocol`), each
 * answered by progress events and then one reply. The thread starts on first use; when it dies
 * (crash or `terminate`), every request still running fails with `exited()` at once and the
 * next request starts a fresh thread. After `close` nothing starts again.
 */
export class WorkerClient<P extends WorkerProtocol> {
  private worker: Worker | undefined;
  private nextId = 1;
  private closed = false;
  private readonly waiting = new Map<number, Pending>();

  constructor(
    private readonly entry: WorkerEntry,
    private readonly exited: () => OaError,
  ) {}

  request<K extends keyof P & string>(
    type: K,
    input: P[K]['input'],
    onProgress?: (event: P[K]['progress']) => void,
  ): Promise<P[K]['output']> {
    if (this.closed) return Promise.reject(this.exited());
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<P[K]['output']>((resolve, reject) => {
      this.waiting.set(id, {
        resolve: resolve as (value: never) => void,
        reject,
        progress: onProgress as ((event: never) => void) | undefined,
      });
      const message: WorkerRequest<P, K> = { id, type, input };
      try {
        worker.postMessage(message);
      } catch (error) {
        // An input that cannot cross to the thread (a programming error): this request fails alone.
        this.waiting.delete(id);
        reject(error);
      }
    });
  }

  /** Ends the thread now: running requests fail with `exited()`; the next request starts a new one. */
  async terminate(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll();
    if (worker !== undefined) await worker.terminate();
  }

  /** Ends the thread for good (the core is closing). */
  close(): Promise<void> {
    this.closed = true;
    return this.terminate();
  }

  private start(): Worker {
    if (this.worker !== undefined) return this.worker;
    const { built, source } = this.entry;
    const worker = existsSync(fileURLToPath(built)) ? new Worker(built) : sourceWorker(source);
    worker.unref();
    worker.on('message', (raw: unknown) => {
      if (this.worker === worker) this.deliver(raw);
    });
    // An uncaught error in the thread is followed by its exit, where the requests fail.
    worker.on('error', () => undefined);
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.failAll();
    });
    this.worker = worker;
    return worker;
  }

  private deliver(raw: unknown): void {
    const parsed = workerMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    const pending = this.waiting.get(message.id);
    if (pending === undefined) return;
    if (message.kind === 'progress') {
      pending.progress?.(message.progress as never);
      return;
    }
    this.waiting.delete(message.id);
    if (message.kind === 'reply') pending.resolve(message.output as never);
    else pending.reject(fromWireError(message.error));
  }

  private failAll(): void {
    const pending = [...this.waiting.values()];
    this.waiting.clear();
    for (const request of pending) request.reject(this.exited());
  }
}
