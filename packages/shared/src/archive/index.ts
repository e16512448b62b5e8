export * from './retention';
export * from './archival-code';
export * from './metadata';
