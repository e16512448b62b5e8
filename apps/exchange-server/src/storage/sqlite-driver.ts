import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { SqlDriver, SqlExecutor, SqlValue } from './driver';
import { SharedRun } from './shared-run';
import { WalCheckpointer } from './wal-checkpointer';

/** SQLite's own automatic checkpoint threshold (log pages), used while no checkpoint thread runs. */
const autoCheckpointPages = 1000;
/** Write transactions before the checkpoint thread starts: a short-lived process (a CLI command) never needs it. */
const checkpointThreadAfter = 64;

function bind(params: readonly SqlValue[]): unknown[] {
  return params.map((p) => (p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p) : p));
}

/**
 * SQLite through better-sqlite3: WAL, foreign keys, a busy timeout. better-sqlite3 is
 * synchronous and a transaction spans awaits, so one queue serialises the work on the single
 * connection (SQLite has one writer anyway); notices stay in this process.
 *
 * Durability with group commit: SQLite commits into the write-ahead log without syncing it
 * (`synchronous = NORMAL`; checkpoints still sync), and every write resolves only after an
 * fdatasync of the log that started after its commit. That sync runs off the event loop, and
 * one sync covers every commit made before it, so concurrent sends share it instead of each
 * blocking the process for its own (`synchronous = FULL` does one per commit, on this thread).
 * Checkpoints run on a thread of their own (wal-checkpointer.ts).
 */
export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly events = new EventEmitter();

  /** The write-ahead log (`<file>-wal`), synced after commits; undefined in memory. */
  private readonly walFile: string | undefined;
  private wal: Promise<FileHandle> | undefined;
  /** Log syncs: one covers every commit made before it began. */
  private readonly walSync = new SharedRun(() => this.syncWal());
  private checkpointer: WalCheckpointer | undefined;
  private writes = 0;
  private fullCheckpointQueued = false;

  constructor(private readonly file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.walFile = file === ':memory:' ? undefined : `${file}-wal`;
    this.db.pragma(this.walFile ? 'synchronous = NORMAL' : 'synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
    this.events.setMaxListeners(0);
  }

  /** Starts the checkpoint thread once this connection has written enough to need it. */
  private countWrite(): void {
    if (!this.walFile || this.checkpointer || ++this.writes < checkpointThreadAfter) return;
    const autoCheckpoint = (pages: number) => {
      if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${pages}`);
    };
    this.checkpointer = new WalCheckpointer(this.file, {
      onRunning: () => autoCheckpoint(0),
      onLost: () => autoCheckpoint(autoCheckpointPages),
      onLogTooLong: () => this.checkpointFully(),
    });
  }

  /** Checkpoints the whole log on this connection, once, between transactions (the thread fell too far behind). */
  private checkpointFully(): void {
    if (this.fullCheckpointQueued) return;
    this.fullCheckpointQueued = true;
    void this.exclusive(async () => {
      if (this.db.open) this.db.pragma('wal_checkpoint(RESTART)');
    })
      .catch(() => undefined)
      .finally(() => (this.fullCheckpointQueued = false));
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private readonly direct: SqlExecutor = {
    all: async <T>(sql: string, params: readonly SqlValue[] = []) => this.statement(sql).all(...bind(params)) as T[],
    get: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      this.statement(sql).get(...bind(params)) as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) => {
      const statement = this.statement(sql);
      if (statement.reader) return { changes: statement.all(...bind(params)).length };
      return { changes: statement.run(...bind(params)).changes };
    },
  };

  private async syncWal(): Promise<void> {
    this.wal ??= open(this.walFile!, 'r');
    try {
      await (await this.wal).datasync();
    } catch (error) {
      this.wal = undefined; // opened again next time
      throw error;
    }
  }

  /** Resolves once everything committed before the call is on disk (one sync serves many commits). */
  private durable(): Promise<void> {
    return this.walFile ? this.walSync.request() : Promise.resolve();
  }

  /** Runs `job` after everything queued before it. */
  private exclusive<T>(job: () => Promise<T>): Promise<T> {
    const result = this.queue.then(job, job);
    this.queue = result.catch(() => undefined);
    return result;
  }

  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.exclusive(() => this.direct.all<T>(sql, params));
  }
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.exclusive(() => this.direct.get<T>(sql, params));
  }
  async run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    const result = await this.exclusive(() => this.direct.run(sql, params));
    if (!this.statement(sql).reader) {
      this.countWrite();
      await this.durable();
    }
    return result;
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const result = await this.exclusive(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.direct);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
    this.countWrite();
    await this.durable();
    return result;
  }

  async notify(channel: string, ...payloads: string[]): Promise<void> {
    for (const payload of payloads) this.events.emit(channel, payload);
  }

  async listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>> {
    this.events.on(channel, handler);
    return async () => {
      this.events.off(channel, handler);
    };
  }

  async ping(): Promise<void> {
    await this.get('SELECT 1 AS one');
  }

  async close(): Promise<void> {
    await this.exclusive(async () => {
      await this.checkpointer?.stop();
      await this.walSync.idle();
      await (await this.wal?.catch(() => undefined))?.close();
      this.db.close();
    });
  }
}
