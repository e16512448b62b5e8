import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** What PDFium drew on one page. */
export interface PageRender {
  /** Anything but white was drawn (text, paths, images, the seal or the 归档章). */
  drawn: boolean;
  /** Page objects PDFium interpreted from the content stream. */
  objects: number;
  /** Annotations and widgets on the page (visible signatures among them). */
  annotations: number;
}

/** The verdict on one PDF: every page rendered, or why not. */
export type RenderOutcome = { ok: true; detail: string; pages: PageRender[] } | { ok: false; detail: string };

/**
 * How each page is drawn: at 24 dpi (an A4 page is 198 × 281 pixels), never over 1 200 pixels a
 * side. Low, since the check needs every content stream, font, image and widget interpreted
 * and drawn, not a readable picture; glyphs are still rasterised from the embedded fonts.
 */
export const renderResolution = { dpi: 24, maxPixels: 1200 } as const;

export interface PdfRenderPoolOptions {
  /** Worker threads rendering at once (default: one fewer than the cores, at least 1, at most 3). */
  size?: number;
  /** A file that takes longer than this fails the check and its worker is stopped (default 60 s). */
  timeoutMs?: number;
  /** Workers stop after this long without work and start again on the next file (default 1 s). */
  idleMs?: number;
}

type WorkerAnswer =
  { id: number; opened: true; pages: PageRender[] } | { id: number; opened: false; error: string; detail: string };

type Answer = { kind: 'answer'; answer: WorkerAnswer } | { kind: 'timeout' } | { kind: 'exited'; detail: string };

/** The memory shared with each worker to hand it files (larger files get a larger one). */
const sharedBufferSize = 1 << 20;

const workerFile = new URL('./pdfium-worker.js', import.meta.url);

/** One worker thread with PDFium loaded; renders one file at a time. */
class RenderWorker {
  private readonly worker: Worker;
  private pending: ((answer: Answer) => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastError = '';
  private shared: SharedArrayBuffer | undefined;
  private stopping = false;
  exited = false;

  constructor(private readonly onExit: (worker: RenderWorker) => void) {
    this.worker = new Worker(workerFile, { execArgv: [] }); // plain JavaScript: no loader needed
    this.worker.on('message', (answer: WorkerAnswer) => this.answer({ kind: 'answer', answer }));
    this.worker.on('error', (error) => (this.lastError = error.message));
    this.worker.on('exit', () => this.finish());
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** Ready for a file: alive, not being stopped, not rendering. */
  get available(): boolean {
    return !this.busy && !this.exited && !this.stopping;
  }

  run(id: number, bytes: Uint8Array, timeoutMs: number): Promise<Answer> {
    return new Promise((resolve) => {
      this.pending = resolve;
      this.timer = setTimeout(() => {
        this.answer({ kind: 'timeout' });
        this.stop();
      }, timeoutMs);
      // The bytes go through memory shared with the worker: cloning them into each message made
      // V8 collect garbage over this whole (large) heap every few messages.
      let shared: SharedArrayBuffer | undefined;
      if (!this.shared || this.shared.byteLength < bytes.byteLength)
        shared = this.shared = new SharedArrayBuffer(Math.max(bytes.byteLength, sharedBufferSize));
      new Uint8Array(this.shared, 0, bytes.byteLength).set(bytes);
      this.worker.postMessage({ id, length: bytes.byteLength, ...(shared ? { shared } : {}), ...renderResolution });
    });
  }

  /** Lets this process exit while the worker waits for work. */
  hold(held: boolean): void {
    if (held) this.worker.ref();
    else this.worker.unref();
  }

  stop(): void {
    this.stopping = true;
    this.hold(false);
    void this.worker.terminate();
  }

  private answer(answer: Answer): void {
    clearTimeout(this.timer);
    const pending = this.pending;
    this.pending = undefined;
    pending?.(answer);
  }

  private finish(): void {
    if (this.exited) return;
    this.exited = true;
    this.answer({ kind: 'exited', detail: this.lastError || 'the render worker stopped' });
    this.onExit(this);
  }
}

interface Job {
  bytes: Uint8Array;
  attempts: number;
  resolve: (outcome: RenderOutcome) => void;
}

/**
 * Renders PDFs in this process with PDFium (compiled to WebAssembly) in a few worker threads:
 * every page of each file is loaded and drawn, with its annotations and form widgets, and the
 * answer says per page whether anything was drawn. Workers start on demand and stop when idle;
 * while idle they never keep this process alive. A file that takes too long fails and its
 * worker is stopped; a worker that dies is replaced, and its file tried once more.
 */
export class PdfRenderPool {
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly idleMs: number;
  private readonly workers = new Set<RenderWorker>();
  private readonly queue: Job[] = [];
  private running = 0;
  private counter = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(options: PdfRenderPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? Math.min(availableParallelism() - 1, 3));
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.idleMs = options.idleMs ?? 1_000;
  }

  /** Renders every page of a PDF. */
  render(bytes: Uint8Array): Promise<RenderOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ bytes, attempts: 0, resolve });
      this.dispatch();
    });
  }

  /** Worker threads running now (for tests: none once idle). */
  get workerCount(): number {
    return this.workers.size;
  }

  /** Stops the workers after the files in hand; the next render starts new ones. */
  close(): void {
    clearTimeout(this.idleTimer);
    for (const worker of this.workers) {
      if (worker.busy) continue;
      this.workers.delete(worker);
      worker.stop();
    }
  }

  private dispatch(): void {
    clearTimeout(this.idleTimer);
    while (this.queue.length > 0) {
      const worker = this.freeWorker();
      if (!worker) break;
      void this.runJob(worker, this.queue.shift()!);
    }
    if (this.running === 0 && this.queue.length === 0) this.idle();
  }

  private freeWorker(): RenderWorker | undefined {
    for (const worker of this.workers) if (worker.available) return worker;
    if (this.workers.size >= this.size) return undefined;
    const worker = new RenderWorker((gone) => {
      this.workers.delete(gone);
      if (this.queue.length > 0) this.dispatch();
    });
    this.workers.add(worker);
    return worker;
  }

  private async runJob(worker: RenderWorker, job: Job): Promise<void> {
    this.running++;
    worker.hold(true);
    let outcome: RenderOutcome | undefined;
    const answer = await worker.run(++this.counter, job.bytes, this.timeoutMs);
    if (answer.kind === 'answer') outcome = verdict(answer.answer);
    else if (answer.kind === 'timeout')
      outcome = { ok: false, detail: `PDFium did not finish within ${this.timeoutMs / 1000} s` };
    else if (job.attempts++ === 0)
      this.queue.unshift(job); // the worker died: once more on a fresh one
    else outcome = { ok: false, detail: `the render worker stopped: ${answer.detail}` };
    this.running--;
    if (outcome) job.resolve(outcome);
    this.dispatch();
  }

  /** Nothing to render: the workers stop a little later, and never keep this process alive. */
  private idle(): void {
    for (const worker of this.workers) worker.hold(false);
    this.idleTimer = setTimeout(() => this.close(), this.idleMs);
    this.idleTimer.unref();
  }
}

function verdict(answer: WorkerAnswer): RenderOutcome {
  if (!answer.opened) return { ok: false, detail: answer.detail };
  return { ok: true, detail: `PDFium: ${answer.pages.length} pages drawn`, pages: answer.pages };
}
