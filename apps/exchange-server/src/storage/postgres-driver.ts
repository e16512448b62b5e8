import pg from 'pg';
import type { SqlDriver, SqlExecutor, SqlValue } from './driver';

/** `?` placeholders become `$1, $2, …` (the hub's SQL has no `?` inside string literals). */
export function numberPlaceholders(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

function bind(params: readonly SqlValue[]): unknown[] {
  return params.map((p) => (p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p) : p));
}

/**
 * Statements with parameters run as named prepared statements: each connection parses and plans
 * one once, then only binds values (the hub runs the same few dozen statements all the time).
 * Statements whose text varies (lists of values) get names too, up to a bound.
 */
const preparedNames = new Map<string, string>();
const maxPrepared = 400;

function statement(sql: string, params: readonly SqlValue[]): pg.QueryConfig {
  const text = numberPlaceholders(sql);
  if (params.length === 0) return { text };
  let name = preparedNames.get(text);
  if (name === undefined && preparedNames.size < maxPrepared) {
    name = `oa_${preparedNames.size + 1}`;
    preparedNames.set(text, name);
  }
  return { text, values: bind(params), ...(name === undefined ? {} : { name }) };
}

function executor(client: pg.Pool | pg.PoolClient): SqlExecutor {
  const query = (sql: string, params: readonly SqlValue[] = []) => client.query(statement(sql, params));
  return {
    all: async <T>(sql: string, params?: readonly SqlValue[]) => (await query(sql, params)).rows as T[],
    get: async <T>(sql: string, params?: readonly SqlValue[]) => (await query(sql, params)).rows[0] as T | undefined,
    run: async (sql: string, params?: readonly SqlValue[]) => ({ changes: (await query(sql, params)).rowCount ?? 0 }),
  };
}

/** Deadlocks and serialisation failures are retried; the work then runs again from the start. */
const retryableCodes = new Set(['40001', '40P01']);
const maxAttempts = 5;

/**
 * PostgreSQL through a `pg` pool. Several hub processes may share the database: every piece
 * of shared state lives in it, and notices travel with LISTEN/NOTIFY.
 */
export class PostgresDriver implements SqlDriver {
  readonly dialect = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly base: SqlExecutor;

  constructor(url: string, poolSize = 10) {
    this.pool = new pg.Pool({ connectionString: url, max: poolSize });
    // An idle client losing its connection must not crash the hub; the pool replaces it.
    this.pool.on('error', () => undefined);
    this.base = executor(this.pool);
  }

  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.base.all<T>(sql, params);
  }
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.base.get<T>(sql, params);
  }
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return this.base.run(sql, params);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(executor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        const code = (error as { code?: string }).code;
        if (attempt < maxAttempts && code !== undefined && retryableCodes.has(code)) continue;
        throw error;
      } finally {
        client.release();
      }
    }
  }

  async notify(channel: string, ...payloads: string[]): Promise<void> {
    if (payloads.length === 0) return;
    // One round trip for all of them.
    await this.pool.query(
      `SELECT pg_notify($1, payload) FROM unnest($2::text[]) WITH ORDINALITY AS p(payload, n) ORDER BY n`,
      [channel, payloads],
    );
  }

  async listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>> {
    const client = await this.pool.connect();
    const onNotification = (message: pg.Notification) => {
      if (message.channel === channel && message.payload !== undefined) handler(message.payload);
    };
    client.on('notification', onNotification);
    await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    return async () => {
      client.off('notification', onNotification);
      await client.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
      client.release();
    };
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
