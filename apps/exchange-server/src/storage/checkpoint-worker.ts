/**
 * The checkpoint thread of a SQLite hub database (see wal-checkpointer.ts): its own connection
 * copies the write-ahead log into the database file every few milliseconds with a PASSIVE
 * checkpoint, which never waits for and never blocks the request thread's writes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { z } from 'zod';

const { file, everyMs, maxLogPages } = z
  .object({ file: z.string(), everyMs: z.number().int().positive(), maxLogPages: z.number().int().positive() })
  .parse(workerData);
const db = new Database(file);
// A checkpoint syncs the log before copying it and the database file after (NORMAL and FULL alike).
db.pragma('synchronous = NORMAL');

const checkpointRow = z.object({ busy: z.number(), log: z.number(), checkpointed: z.number() });

function checkpoint(): void {
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)') as unknown[];
    const { log, checkpointed } = checkpointRow.parse(row);
    // The log restarts only once a checkpoint has copied all of it: under sustained writes it
    // can keep growing, and then the request connection has to checkpoint it fully itself.
    if (log > maxLogPages && checkpointed < log) parentPort!.postMessage('log-too-long');
  } catch {
    // Busy or interrupted: the next round tries again; the request thread's log is untouched.
  }
}

const timer = setInterval(checkpoint, everyMs);
parentPort!.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort!.close();
});
parentPort!.postMessage('ready');
