/** The local store's limits and defaults, as data (one place to correct them). */
export const storeLimits = {
  /** Largest attachment accepted (bytes). */
  maxBlobBytes: 100 * 1024 * 1024,
  /** Shortest search term FTS5's trigram tokenizer can match; shorter terms use LIKE. */
  trigramMinChars: 3,
  /** Characters of context either side of a search hit. */
  snippetChars: 16,
  /**
   * A full-text query with more hits than this walks the documents newest first (index order)
   * until the page is full; with fewer it reads only the hits and sorts them (bench/scale.bench.ts).
   */
  searchRecencyWalkAbove: 500,
  /** A term with more full-text hits than this is tested with LIKE while walking by date. */
  searchFrequentAbove: 5_000,
} as const;

/** Offline unlock: scrypt cost (memory-hard: 128 · N · r bytes = 32 MiB) and throttling. */
export const unlockPolicy = {
  scrypt: { logN: 15, r: 8, p: 1, keyBytes: 32, saltBytes: 16 },
  minPasswordChars: 8,
  /** After this many wrong passwords in a row, unlocking pauses … */
  maxFailedAttempts: 5,
  /** … for this long (ms), doubling with each further failure. */
  throttleMs: 30_000,
} as const;

/** 导入 Word 文档: the largest .docx read into a draft body (bytes; a long 公文 with images is a few MB). */
export const importLimits = {
  maxDocxBytes: 20 * 1024 * 1024,
} as const;
