/**
 * The SQL seam under the hub's store: the same statements run on SQLite and PostgreSQL.
 * Statements use `?` placeholders (the PostgreSQL driver numbers them) and only SQL both
 * engines share (INSERT … ON CONFLICT, UPDATE … RETURNING).
 */
export type SqlValue = string | number | Uint8Array | null;

export interface SqlExecutor {
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
}

export type Dialect = 'sqlite' | 'postgres';

export interface SqlDriver extends SqlExecutor {
  readonly dialect: Dialect;
  /** Runs `work` in one transaction: all of it commits, or none of it. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Tells every hub process sharing this database (including this one) about events, in order. */
  notify(channel: string, ...payloads: string[]): Promise<void>;
  /** Calls `handler` for every notice on `channel`; returns a function that stops listening. */
  listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>;
  /** Throws when the database cannot answer (readiness check). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Numbers come back as numbers from SQLite and as strings for PostgreSQL's BIGINT. */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}
