import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rendererFile } from './static-files';

const parent = mkdtempSync(join(tmpdir(), 'oa-static-'));
const root = join(parent, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), 'INDEX');
writeFileSync(join(root, 'assets', 'app.js'), 'JS');
writeFileSync(join(parent, 'renderer-secret.txt'), 'SECRET');
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe('renderer files', () => {
  it('serves files of the build with their media type, and the page for routes', () => {
    expect(rendererFile(root, '/assets/app.js')).toEqual({
      body: Buffer.from('JS'),
      type: 'text/javascript; charset=utf-8',
    });
    expect(rendererFile(root, '/')?.body.toString()).toBe('INDEX');
    expect(rendererFile(root, '/inbox/42')?.body.toString()).toBe('INDEX');
  });

  it('never reaches outside the build, whatever the encoding', () => {
    for (const path of [
      '/../renderer-secret.txt',
      '/..%2frenderer-secret.txt',
      '/assets/..%2f..%2frenderer-secret.txt',
      '/%00.js',
      '/%E0%A4%A',
    ]) {
      expect(rendererFile(root, path)?.body.toString() ?? 'none', path).not.toBe('SECRET');
    }
    expect(rendererFile(root, '/%E0%A4%A')).toBeUndefined();
  });
});
