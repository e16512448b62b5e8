/** The 批量签发 methods' names, dependency-free for the preload (see method-names.ts). */
export const signOffMethodNames = ['startSignOff', 'signOffProgress'] as const;
