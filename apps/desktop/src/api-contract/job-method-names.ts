/** The background jobs' method names (批量签发, 归档, export), dependency-free for the preload (see method-names.ts). */
export const signOffMethodNames = ['startSignOff', 'signOffProgress'] as const;

/** The background 归档 / export methods' names. */
export const archiveJobMethodNames = ['startArchiving', 'startArchiveExport', 'archiveJob'] as const;
