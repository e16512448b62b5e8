import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { SharedRun } from './shared-run';

/**
 * Checkpoints of a SQLite database in WAL mode, on a worker thread with its own connection.
 * A checkpoint copies the log's pages into the database file and syncs it; left to SQLite, the
 * connection whose commit crosses the log's size limit does it inside COMMIT, which on the
 * hub's single connection stops the event loop for the copy and the sync (with 100 KB
 * documents, every few dozen sends). Here the request thread never waits for one: a passive
 * checkpoint runs beside the writers (it copies what readers no longer need, never blocks).
 */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error && error.message) });
  }
});
`;

export class SqliteCheckpointer {
  private readonly worker: Worker;
  private readonly runs = new SharedRun(() => this.checkpoint());
  private waiting: ((reply: { ok: boolean; error?: string }) => void) | undefined;
  private broken = false;
  private readonly exited: Promise<void>;

  constructor(file: string) {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(workerSource, { eval: true, workerData: { module, file } });
    this.worker.unref();
    this.worker.on('message', (reply: { ok: boolean; error?: string }) => this.waiting?.(reply));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    // A checkpointer that fails leaves checkpoints to SQLite's own (in COMMIT), as before.
    this.worker.on('error', () => {
      this.broken = true;
      this.waiting?.({ ok: false });
    });
  }

  /** Asks for a checkpoint; one runs at a time, and requests made meanwhile share the next. */
  request(): void {
    if (!this.broken) this.runs.request().catch(() => undefined);
  }

  private checkpoint(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting = () => {
        this.waiting = undefined;
        resolve();
      };
      this.worker.postMessage('checkpoint');
    });
  }

  async close(): Promise<void> {
    await this.runs.idle();
    if (!this.broken) this.worker.postMessage('close');
    else await this.worker.terminate();
    await this.exited;
  }
}
