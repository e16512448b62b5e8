import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../program';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../docs/examples');
const dir = mkdtempSync(path.join(os.tmpdir(), 'oa-cli-typeset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('oa typeset', () => {
  it('writes the PDF and prints the seal positions as JSON', async () => {
    const output = path.join(dir, 'notice.pdf');
    const result = await run(['typeset', path.join(examples, 'short-notice.json'), '-o', output, '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out) as { pages: number; sealPositions: { issuerCode: string; page: number }[] };
    expect(report.pages).toBe(1);
    expect(report.sealPositions).toEqual([
      expect.objectContaining({ issuerCode: '11100000000013127D', page: 0, diameter: expect.any(Number) }),
    ]);
    expect(readFileSync(output).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('refuses an invalid document with its violations (exit 1) and writes nothing', async () => {
    const doc = JSON.parse(readFileSync(path.join(examples, 'short-notice.json'), 'utf8')) as Record<string, unknown>;
    const input = path.join(dir, 'invalid.json');
    writeFileSync(input, JSON.stringify({ ...doc, docNumber: '×政办发[2026]第015号' }));
    const output = path.join(dir, 'invalid.pdf');
    const result = await run(['--lang', 'en', 'typeset', input, '-o', output]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/DOC_NUMBER_/);
    expect(() => readFileSync(output)).toThrow();
  });

  it('uses the fonts a font map names, and rejects an unknown role', async () => {
    const fonts = path.join(dir, 'fonts.json');
    symlinkSync('/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf', path.join(dir, 'kai.ttf'));
    writeFileSync(fonts, JSON.stringify({ 仿宋: 'kai.ttf' })); // relative to fonts.json
    const output = path.join(dir, 'kai.pdf');
    const ok = await run(['typeset', path.join(examples, 'short-notice.json'), '-o', output, '--fonts', fonts]);
    expect(ok.code).toBe(0);
    const pdf = readFileSync(output).toString('latin1');
    expect(pdf).toContain('GBZenKai');
    expect(pdf).not.toContain('BousungEG'); // Debian's fallback 仿宋 (AR PL SungtiL GB) is not used

    writeFileSync(fonts, JSON.stringify({ 魏碑: '/tmp/weibei.ttf' }));
    const bad = await run([
      '--lang',
      'en',
      'typeset',
      path.join(examples, 'short-notice.json'),
      '-o',
      output,
      '--fonts',
      fonts,
    ]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('FONT_MAP_UNKNOWN_ROLE');
  });

  it('says when the output cannot be written (exit 2)', async () => {
    const output = path.join(dir, 'no-such-folder', 'x.pdf');
    const result = await run(['typeset', path.join(examples, 'short-notice.json'), '-o', output]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('OUTPUT_UNWRITABLE');
  });

  it('says which font file cannot be read', async () => {
    const fonts = path.join(dir, 'missing-fonts.json');
    writeFileSync(fonts, JSON.stringify({ heiti: path.join(dir, 'no-such-font.ttf') }));
    const result = await run([
      'typeset',
      path.join(examples, 'short-notice.json'),
      '-o',
      path.join(dir, 'x.pdf'),
      '--fonts',
      fonts,
    ]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('FONT_UNREADABLE');
    expect(result.err).toContain('no-such-font.ttf');
  });
});
