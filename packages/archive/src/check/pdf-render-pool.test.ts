import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { makePdf } from '../test-support';
import { PdfRenderPool } from './pdf-render-pool';

const garbage = new TextEncoder().encode('%PDF-1.7\nnot really a PDF\n');
const until = async (condition: () => boolean) => {
  for (let i = 0; i < 300 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return condition();
};

let pool: PdfRenderPool | undefined;
afterEach(() => pool?.close());

describe('PdfRenderPool (PDFium in worker threads)', () => {
  it('draws every page of a real PDF, and fails a broken one with PDFium’s reason', async () => {
    pool = new PdfRenderPool({ size: 1 });
    const outcome = await pool.render(await makePdf(3, '关于做好冬季安全生产工作的通知'));
    expect(outcome).toEqual({
      ok: true,
      detail: 'PDFium: 3 pages drawn',
      pages: Array.from({ length: 3 }, () => ({ drawn: true, objects: 1, annotations: 0 })),
    });
    expect(await pool.render(garbage)).toEqual({ ok: false, detail: 'PDFium: not a PDF or corrupted' });
  });

  it('answers each of many files at once with its own verdict, on at most `size` workers', async () => {
    pool = new PdfRenderPool({ size: 2 });
    const good = await makePdf(1, '通知');
    const files = Array.from({ length: 12 }, (_, i) => (i % 3 === 2 ? garbage : good));
    const pending = files.map((bytes) => pool!.render(bytes));
    expect(pool.workerCount).toBe(2);
    expect((await Promise.all(pending)).map((o) => o.ok)).toEqual(files.map((bytes) => bytes === good));
  });

  it('fails a file that takes too long, stops its worker and goes on with a fresh one', async () => {
    pool = new PdfRenderPool({ size: 1, timeoutMs: 1 });
    const slow = await pool.render(await makePdf(40, '关于做好冬季安全生产工作的通知'));
    expect(slow).toEqual({ ok: false, detail: 'PDFium did not finish within 0.001 s' });
    pool.close();
    pool = new PdfRenderPool({ size: 1 });
    expect((await pool.render(garbage)).ok).toBe(false); // a new worker answers
  });

  it('stops its workers once idle, and starts again on demand', async () => {
    pool = new PdfRenderPool({ size: 2, idleMs: 20 });
    await Promise.all([pool.render(garbage), pool.render(garbage)]);
    expect(await until(() => pool!.workerCount === 0)).toBe(true);
    expect((await pool.render(await makePdf(1, '通知'))).ok).toBe(true);
  });

  it('never keeps a program from exiting', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'oa-render-exit-'));
    try {
      const script = path.join(dir, 'render-once.mts');
      writeFileSync(
        script,
        `import { PdfRenderPool } from ${JSON.stringify(path.resolve(import.meta.dirname, 'pdf-render-pool.ts'))};\n` +
          `const outcome = await new PdfRenderPool({ idleMs: 60_000 }).render(new TextEncoder().encode('x'));\n` +
          `console.log(JSON.stringify(outcome.ok));\n`,
      );
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
        cwd: import.meta.dirname,
        timeout: 20_000,
      });
      expect(stdout.trim()).toBe('false');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
