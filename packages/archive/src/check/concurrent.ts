/**
 * Runs `work` on every entry with at most `limit` in flight, answering in input order. The 四性
 * checks of one item wait on the render workers (PDFium) and outside programs (clamscan); several
 * items at once keep both them and this thread busy.
 */
export async function mapConcurrent<T, R>(
  entries: readonly T[],
  limit: number,
  work: (entry: T, index: number) => Promise<R>,
): Promise<R[]> {
  const answers = new Array<R>(entries.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < entries.length) {
      const index = next++;
      answers[index] = await work(entries[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, entries.length)) }, lane));
  return answers;
}

/** Items checked at once by default: enough to overlap the outside programs on two cores. */
export const defaultCheckConcurrency = 4;
