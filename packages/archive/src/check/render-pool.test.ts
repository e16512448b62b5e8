import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { makePdf } from '../test-support';
import { RenderPool } from './render-pool';

const garbage = new TextEncoder().encode('%PDF-1.7\nnot really a PDF\n');
const renderDirs = () => new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('oa-render-')));
const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return condition();
};

let pool: RenderPool | undefined;
afterEach(() => pool?.close());

describe('RenderPool (pdftoppm helpers)', () => {
  it('renders every page of a real PDF, and fails a broken one with poppler’s reason', async () => {
    pool = new RenderPool({ size: 1 });
    expect(await pool.render(await makePdf(3, '关于做好冬季安全生产工作的通知'))).toEqual({
      ok: true,
      detail: 'pdftoppm: OK',
    });
    const broken = await pool.render(garbage);
    expect(broken.ok).toBe(false);
    expect(broken.detail).toContain("Couldn't read xref table");
    expect(broken.detail).toContain('exit status 1 (error opening the PDF file)');
  });

  it('answers each of many files at once with its own verdict, on at most `size` helpers', async () => {
    pool = new RenderPool({ size: 2 });
    const good = await makePdf(1, '通知');
    const files = Array.from({ length: 12 }, (_, i) => (i % 3 === 2 ? garbage : good));
    const pending = files.map((bytes) => pool!.render(bytes));
    expect(pool.helperCount).toBe(2);
    expect((await Promise.all(pending)).map((o) => o.ok)).toEqual(files.map((bytes) => bytes === good));
  });

  it('fails a file that takes too long, stops its renderer and goes on with fresh helpers', async () => {
    pool = new RenderPool({ size: 1, timeoutMs: 1 });
    const slow = await pool.render(await makePdf(40, '关于做好冬季安全生产工作的通知'));
    expect(slow).toEqual({ ok: false, detail: 'pdftoppm did not finish within 0.001 s' });
    expect((await pool.render(garbage)).ok).toBe(false); // a new helper answers
  });

  it('stops its helpers and removes its files once idle', async () => {
    const before = renderDirs();
    pool = new RenderPool({ size: 2, idleMs: 20 });
    const pending = [pool.render(garbage), pool.render(garbage)];
    const created = [...renderDirs()].filter((name) => !before.has(name));
    expect(created).toHaveLength(1);
    await Promise.all(pending);
    expect(existsSync(path.join(tmpdir(), created[0]!))).toBe(false); // gone as soon as idle
    expect(await until(() => pool!.helperCount === 0)).toBe(true);
    expect((await pool.render(await makePdf(1, '通知'))).ok).toBe(true); // and starts again on demand
  });

  it('never keeps a program from exiting', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'oa-render-exit-'));
    try {
      const script = path.join(dir, 'render-once.mts');
      writeFileSync(
        script,
        `import { RenderPool } from ${JSON.stringify(path.resolve(import.meta.dirname, 'render-pool.ts'))};\n` +
          `const outcome = await new RenderPool({ idleMs: 60_000 }).render(new TextEncoder().encode('x'));\n` +
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
