import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The sources run through tsx in workers too (ADR 0001: no build step): the worker registers
 * tsx's loader, then imports the TypeScript worker module.
 */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifestFile = require.resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return pathToFileURL(path.join(path.dirname(manifestFile), manifest.exports['./esm/api']!.import.default)).href;
}

let tsxApi: string | undefined;

/** Starts a worker thread running the TypeScript module at `module` (a file URL). */
export function startSourceWorker(module: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  tsxApi ??= tsxEsmApi();
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
