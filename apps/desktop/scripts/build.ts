import react from '@vitejs/plugin-react';
import { copyFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';
import { contentSecurityPolicy } from '../src/shell/security';

/**
 * Builds the desktop app into dist/: the renderer (vite.config.ts), the Electron main process
 * (ESM, dependencies left to node_modules except the workspace's TypeScript packages) and the
 * preload (one CommonJS file, as sandboxed preloads must be).
 *   tsx scripts/build.ts            renderer, main and preload
 *   tsx scripts/build.ts renderer   the renderer only (what the web host serves)
 */
const appDir = fileURLToPath(new URL('..', import.meta.url));
const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

/**
 * The CSP also as a <meta> in index.html (a second line of defence where headers are lost,
 * e.g. a saved page); frame-ancestors only works as a header, so the meta leaves it out.
 */
function cspMeta(): Plugin {
  const policy = contentSecurityPolicy
    .split('; ')
    .filter((directive) => !directive.startsWith('frame-ancestors'))
    .join('; ');
  return {
    name: 'oa-csp-meta',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' },
    ],
  };
}

/** src/renderer → dist/renderer, with relative URLs (served by app:// or the web host). */
export async function buildRenderer(outDir = `${appDir}/dist/renderer`): Promise<void> {
  await build({
    configFile: false,
    root: `${appDir}/src/renderer`,
    base: './',
    logLevel: 'warn',
    plugins: [react(), cspMeta()],
    // One local bundle (React, zod, the 公文 model): size matters less than for the web.
    build: { outDir, emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 2048 },
  });
}

async function buildElectron(): Promise<void> {
  await build({
    configFile: false,
    root: appDir,
    logLevel: 'warn',
    ssr: { noExternal: ['@oa/shared', '@oa/typeset'] },
    build: {
      // The worker threads (core/preview, core/workers) and the archive check's PDFium render worker
      // are built beside main.js, where their clients (and the PdfRenderPool) look for them.
      ssr: true,
      outDir: 'dist/main',
      emptyOutDir: true,
      target: 'node22',
      rollupOptions: {
        input: {
          main: 'src/main/main.ts',
          'preview-worker': 'src/core/preview/preview-worker.ts',
          'jobs-worker': 'src/core/workers/jobs-worker.ts',
          'pdfium-worker': '../../packages/archive/src/check/pdfium-worker.js',
        },
        external: ['electron', 'better-sqlite3', ...nodeBuiltins],
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  });
  // PDFium's WebAssembly, which the bundled render worker loads from beside itself.
  const archiveRequire = createRequire(new URL('../../../packages/archive/package.json', import.meta.url));
  copyFileSync(archiveRequire.resolve('@embedpdf/pdfium/pdfium.wasm'), `${appDir}/dist/main/pdfium.wasm`);
  await build({
    configFile: false,
    root: appDir,
    logLevel: 'warn',
    ssr: { noExternal: true },
    build: {
      ssr: 'src/preload/preload.ts',
      outDir: 'dist/preload',
      emptyOutDir: true,
      target: 'node22',
      rollupOptions: { external: ['electron'], output: { format: 'cjs', entryFileNames: 'preload.cjs' } },
    },
  });
}

export async function buildAll(): Promise<void> {
  await buildRenderer();
  await buildElectron();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await (process.argv[2] === 'renderer' ? buildRenderer() : buildAll());
}
