/**
 * @oa/desktop's public surface for other workspace members (the e2e suite, the CLI): the
 * core, the API contract and client, and the web host. The Electron entry is src/main/main.ts.
 */
export * from './core';
export * from './api-contract';
export { startWebHost, type WebHost, type WebHostOptions } from './web-host/server';
export { defaultWebHostDataDir } from './web-host/data-dir';
export { buildRenderer } from '../scripts/build';
