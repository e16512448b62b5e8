import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { startSourceWorker } from '../threads/source-worker';

/** How often the thread checkpoints: often enough that each copy is small. */
const everyMs = 20;
/**
 * A log this long (pages of 4 KB: 256 MB) that the thread cannot copy completely means it cannot
 * keep up with sustained writes.
 */
const maxLogPages = 65_536;
/** How long a closing database waits for the thread before stopping it outright. */
const stopGraceMs = 5_000;

/**
 * SQLite's checkpoints — copying the write-ahead log into the database file and syncing it —
 * moved off the hub's request thread. Left to itself, SQLite checkpoints inside the COMMIT that
 * crosses 1000 log pages; with 100 KB documents that is every few dozen sends, and the request
 * thread then stalls for the copy and a sync of the database file. Here a worker thread with its
 * own connection checkpoints instead (PASSIVE: never waits for the writer, never blocks it), and
 * the request connection's automatic checkpoints are switched off once the thread is running.
 *
 * A checkpoint is safe to cut off at any moment (SQLite finishes or redoes it on the next open),
 * so the running thread never keeps a process alive; `stop` lets it close its connection first
 * and keeps the process alive until it has.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<unknown>;
  private running = false;

  /**
   * @param onRunning called once the thread checkpoints (switch the request connection's off)
   * @param onLost called if the thread ends while the database is open (switch them back on)
   * @param onLogTooLong the log outgrew what the thread can copy (the request connection checkpoints it fully)
   */
  constructor(
    file: string,
    private readonly handlers: {
      onRunning: () => void;
      onLost: () => void;
      onLogTooLong: () => void;
    },
  ) {
    this.worker = startSourceWorker(new URL('./checkpoint-worker.ts', import.meta.url), {
      workerData: { file, everyMs, maxLogPages },
    });
    this.worker.unref();
    this.exited = once(this.worker, 'exit').catch(() => undefined);
    this.worker.on('message', (message: 'ready' | 'log-too-long') => {
      if (message === 'ready') {
        this.running = true;
        handlers.onRunning();
      } else handlers.onLogTooLong();
    });
    this.worker.on('error', () => undefined); // seen as the exit below
    this.worker.on('exit', () => {
      if (this.running) handlers.onLost();
      this.running = false;
    });
  }

  /** Lets the thread close its connection and end (or ends it after a grace period). */
  async stop(): Promise<void> {
    // A thread still starting has done nothing yet: end it outright.
    if (!this.running) {
      this.worker.ref();
      await this.worker.terminate();
      return;
    }
    this.running = false;
    // While it closes, the thread keeps the process alive: a process whose last work is closing
    // the database must not end (exit code 13, an unsettled await) before the thread has.
    this.worker.ref();
    this.worker.postMessage('stop');
    const grace = setTimeout(() => void this.worker.terminate(), stopGraceMs);
    await this.exited;
    clearTimeout(grace);
  }
}
