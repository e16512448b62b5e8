import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';

/** What poppler said about one PDF: rendered or not, with its messages. */
export interface RenderOutcome {
  ok: boolean;
  detail: string;
}

export interface RenderPoolOptions {
  /** Helpers rendering at once (default: the number of cores, at most 4). */
  size?: number;
  /** A file that takes longer than this fails the check (default 60 s). */
  timeoutMs?: number;
  /** Helpers stop after this long without work and start again on the next file (default 1 s). */
  idleMs?: number;
}

/**
 * The helper: a shell loop reading one file path per line and answering pdftoppm's exit status
 * per line (its messages go to `<path>.err`). Every page at 12 dpi, images discarded: enough
 * for poppler to interpret every content stream, font and image. The shell is small, so its
 * fork per file is cheap, unlike a fork of this (large) process.
 */
const helperScript = 'while IFS= read -r job; do pdftoppm -r 12 "$job" >/dev/null 2>"$job.err"; echo "$?"; done';

/** pdftoppm's exit statuses (man pdftoppm), for the reason of a failed render. */
const exitMeanings: Record<number, string> = {
  1: 'error opening the PDF file',
  2: 'error opening an output file',
  3: 'error related to PDF permissions',
  99: 'other error',
};

function describeExit(status: number): string {
  if (status > 128) return `pdftoppm was killed by signal ${status - 128}`;
  return `pdftoppm exit status ${status} (${exitMeanings[status] ?? 'unknown error'})`;
}

type Answer = { kind: 'status'; status: number } | { kind: 'timeout' } | { kind: 'exited' };

/** One long-lived helper process; runs one file at a time. */
class RenderHelper {
  private readonly child: ChildProcessWithoutNullStreams;
  private pending: ((answer: Answer) => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private output = '';
  private stopping = false;
  exited = false;

  constructor(private readonly onExit: (helper: RenderHelper) => void) {
    // Its own process group, so a timeout can stop the helper together with its pdftoppm.
    this.child = spawn('sh', ['-c', helperScript], { detached: true, stdio: 'pipe' });
    this.child.stdout.setEncoding('latin1');
    this.child.stdout.on('data', (chunk: string) => this.receive(chunk));
    this.child.stderr.resume();
    this.child.stdin.on('error', () => undefined); // it died; 'exit' answers the pending file
    this.child.on('error', () => this.finish());
    this.child.on('exit', () => this.finish());
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** Ready for a file: alive, not being stopped, not rendering. */
  get available(): boolean {
    return !this.busy && !this.exited && !this.stopping;
  }

  run(file: string, timeoutMs: number): Promise<Answer> {
    return new Promise((resolve) => {
      this.pending = resolve;
      this.timer = setTimeout(() => {
        this.answer({ kind: 'timeout' });
        this.kill();
      }, timeoutMs);
      this.child.stdin.write(`${file}\n`);
    });
  }

  /** Lets this process exit while the helper waits for work (it ends when its input closes). */
  hold(held: boolean): void {
    const handles: { ref?: () => void; unref?: () => void }[] = [
      this.child,
      this.child.stdin as { ref?: () => void; unref?: () => void },
      this.child.stdout as { ref?: () => void; unref?: () => void },
      this.child.stderr as { ref?: () => void; unref?: () => void },
    ];
    for (const handle of handles) {
      if (held) handle.ref?.();
      else handle.unref?.();
    }
  }

  close(): void {
    this.stopping = true;
    this.child.stdin.end();
    this.hold(false);
  }

  private kill(): void {
    this.stopping = true;
    try {
      if (this.child.pid !== undefined) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  private receive(chunk: string): void {
    this.output += chunk;
    let newline;
    while ((newline = this.output.indexOf('\n')) >= 0) {
      const line = this.output.slice(0, newline);
      this.output = this.output.slice(newline + 1);
      this.answer({ kind: 'status', status: Number(line) });
    }
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
    this.answer({ kind: 'exited' });
    this.onExit(this);
  }
}

interface Job {
  bytes: Uint8Array;
  attempts: number;
  resolve: (outcome: RenderOutcome) => void;
}

/**
 * Renders PDFs with poppler in a few long-lived helper processes, so that checking many files
 * does not fork this process once per file. Each file is written to a private temporary
 * directory (the bytes rendered are exactly the bytes checked), rendered on every page, and
 * answered with pdftoppm's verdict and messages. Helpers start on demand and stop when idle;
 * while idle they never keep this process alive, and the directory exists only while busy.
 */
export class RenderPool {
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly idleMs: number;
  private readonly helpers = new Set<RenderHelper>();
  private readonly queue: Job[] = [];
  private running = 0;
  private counter = 0;
  private dir: string | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly removeDir = () => this.dir && rmSync(this.dir, { recursive: true, force: true });

  constructor(options: RenderPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? Math.min(availableParallelism(), 4));
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

  /** Helpers running now (for tests: none once idle). */
  get helperCount(): number {
    return this.helpers.size;
  }

  /** Stops the helpers after the files in hand; the next render starts new ones. */
  close(): void {
    clearTimeout(this.idleTimer);
    for (const helper of this.helpers) if (!helper.busy) this.retire(helper);
    if (this.running === 0) this.removeWorkDir();
  }

  private dispatch(): void {
    clearTimeout(this.idleTimer);
    while (this.queue.length > 0) {
      const helper = this.freeHelper();
      if (!helper) break;
      void this.runJob(helper, this.queue.shift()!);
    }
    if (this.running === 0 && this.queue.length === 0) this.idle();
  }

  private freeHelper(): RenderHelper | undefined {
    for (const helper of this.helpers) if (helper.available) return helper;
    if (this.helpers.size >= this.size) return undefined;
    const helper = new RenderHelper((gone) => {
      this.helpers.delete(gone);
      if (this.queue.length > 0) this.dispatch();
    });
    this.helpers.add(helper);
    return helper;
  }

  private async runJob(helper: RenderHelper, job: Job): Promise<void> {
    this.running++;
    helper.hold(true);
    this.dir ??= this.createWorkDir();
    const file = path.join(this.dir, `${++this.counter}.pdf`);
    let outcome: RenderOutcome | undefined;
    try {
      writeFileSync(file, job.bytes);
      const answer = await helper.run(file, this.timeoutMs);
      if (answer.kind === 'status' && answer.status === 0) outcome = { ok: true, detail: 'pdftoppm: OK' };
      else if (answer.kind === 'status') outcome = { ok: false, detail: this.messages(file, answer.status) };
      else if (answer.kind === 'timeout')
        outcome = { ok: false, detail: `pdftoppm did not finish within ${this.timeoutMs / 1000} s` };
      else if (job.attempts++ === 0)
        this.queue.unshift(job); // the helper died: once more on a fresh one
      else outcome = { ok: false, detail: 'the pdftoppm helper stopped unexpectedly' };
    } catch (error) {
      outcome = { ok: false, detail: `the file could not be handed to pdftoppm: ${(error as Error).message}` };
    } finally {
      rmSync(file, { force: true });
      rmSync(`${file}.err`, { force: true });
      this.running--;
    }
    if (outcome) job.resolve(outcome);
    this.dispatch();
  }

  private messages(file: string, status: number): string {
    let stderr = '';
    try {
      stderr = readFileSync(`${file}.err`, 'utf8').trim();
    } catch {
      // no messages
    }
    const lines = stderr.split('\n').filter(Boolean).slice(-5).join('; ');
    return lines ? `${lines} (${describeExit(status)})` : describeExit(status);
  }

  /** Nothing to render: the directory goes at once (a killed program leaves nothing behind), the helpers later. */
  private idle(): void {
    for (const helper of this.helpers) helper.hold(false);
    this.removeWorkDir();
    this.idleTimer = setTimeout(() => this.close(), this.idleMs);
    this.idleTimer.unref();
  }

  private retire(helper: RenderHelper): void {
    this.helpers.delete(helper);
    helper.close();
  }

  private createWorkDir(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'oa-render-'));
    process.once('exit', this.removeDir);
    return dir;
  }

  private removeWorkDir(): void {
    if (!this.dir) return;
    process.removeListener('exit', this.removeDir);
    this.removeDir();
    this.dir = undefined;
  }
}
