import type { SqlExecutor, SqlValue } from './driver';

/** `IN (…)` lists are padded (repeating an id) to one of these lengths, so few statement texts exist. */
const listLengths = [1, 4, 16, 64, 200] as const;
const longestList = listLengths.at(-1)!;

/**
 * The rows of a query with an `IN (…)` list of `ids`, in chunks of at most 200: `sql` gets the
 * placeholders of one chunk, `before` the parameters ahead of the list.
 */
export async function rowsIn<T>(
  db: SqlExecutor,
  sql: (list: string) => string,
  before: readonly SqlValue[],
  ids: readonly string[],
): Promise<T[]> {
  const rows: T[] = [];
  for (let from = 0; from < ids.length; from += longestList) {
    const chunk = ids.slice(from, from + longestList);
    const length = listLengths.find((n) => n >= chunk.length)!;
    const padded = [...chunk, ...Array<string>(length - chunk.length).fill(chunk[0]!)];
    rows.push(...(await db.all<T>(sql(padded.map(() => '?').join(', ')), [...before, ...padded])));
  }
  return rows;
}
