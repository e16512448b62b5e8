import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOaError } from '@oa/shared';
import { readExample, testFonts, typesetCorpus, type CorpusEntry } from './testing/corpus';
import { renderGrey, type GreyImage } from './testing/pdf-inspect';
import { typeset } from './typeset';

let dir: string;
let entries: CorpusEntry[];

beforeAll(async () => {
  ({ dir, entries } = await typesetCorpus());
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A fontconfig that knows no fonts at all, so a viewer cannot substitute a missing CJK font. */
function emptyFontconfig(): NodeJS.ProcessEnv {
  const root = mkdtempSync(path.join(dir, 'nofonts-'));
  mkdirSync(path.join(root, 'fonts'));
  mkdirSync(path.join(root, 'cache'));
  const conf = path.join(root, 'fonts.conf');
  writeFileSync(
    conf,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>${root}/fonts</dir><cachedir>${root}/cache</cachedir></fontconfig>\n`,
  );
  return { ...process.env, FONTCONFIG_FILE: conf, FONTCONFIG_PATH: root };
}

function differingFraction(a: GreyImage, b: GreyImage): number {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let differing = 0;
  for (let i = 0; i < a.pixels.length; i++) if (Math.abs(a.pixels[i]! - b.pixels[i]!) > 48) differing++;
  return differing / a.pixels.length;
}

function inkFraction(image: GreyImage): number {
  let dark = 0;
  for (const pixel of image.pixels) if (pixel < 128) dark++;
  return dark / image.pixels.length;
}

describe('font embedding', () => {
  it('renders every example the same on a machine without any fonts', () => {
    const noFonts = emptyFontconfig();
    for (const entry of entries) {
      const withFonts = renderGrey(entry.file, mkdtempSync(path.join(dir, 'with-')), 40);
      const without = renderGrey(entry.file, mkdtempSync(path.join(dir, 'without-')), 40, noFonts);
      expect(without).toHaveLength(entry.result.pageCount);
      withFonts.forEach((page, i) => {
        expect(inkFraction(without[i]!), `${entry.name} p${i + 1} has text`).toBeGreaterThan(0.0005);
        expect(differingFraction(page, without[i]!), `${entry.name} p${i + 1}`).toBeLessThan(0.001);
      });
    }
  });

  it('embeds characters outside GB 2312 too (subset from the whole font file)', async () => {
    const doc = readExample('short-notice');
    const rare = { ...doc, title: '××市人民政府办公室关于表彰王堃、李喆同志的通知' };
    const file = path.join(dir, 'rare.pdf');
    writeFileSync(file, (await typeset(rare, await testFonts())).pdf);
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('表彰王堃、李喆同志');
    const withFonts = renderGrey(file, mkdtempSync(path.join(dir, 'rare-with-')), 40);
    const without = renderGrey(file, mkdtempSync(path.join(dir, 'rare-without-')), 40, emptyFontconfig());
    expect(differingFraction(withFonts[0]!, without[0]!)).toBeLessThan(0.001);
  });

  it('writes PDFs that qpdf finds structurally sound', () => {
    for (const entry of entries) {
      const output = execFileSync('qpdf', ['--check', entry.file], { encoding: 'utf8' });
      expect(output, entry.name).toContain('No syntax or stream encoding errors');
    }
  });

  it('embeds subsets, not whole fonts', () => {
    for (const entry of entries) expect(entry.result.pdf.byteLength, entry.name).toBeLessThan(300_000);
  });

  it('is deterministic: the same document and fonts give the same bytes, without a timestamp', async () => {
    const doc = readExample('joint-3-agencies-notice');
    const fonts = await testFonts();
    const first = await typeset(doc, fonts);
    const second = await typeset(doc, fonts);
    expect(Buffer.from(second.pdf).equals(Buffer.from(first.pdf))).toBe(true);
    expect(Buffer.from(first.pdf).toString('latin1')).not.toContain('/CreationDate');
    const dated = await typeset(doc, fonts, { creationDate: new Date('2026-11-20T08:00:00Z') });
    expect(Buffer.from(dated.pdf).toString('latin1')).toContain('/CreationDate');
  });

  it('refuses a character the chosen font lacks, naming the character and the font', async () => {
    const doc = readExample('short-notice');
    const fonts = await testFonts();
    const withEmoji = { ...doc, body: [{ type: 'paragraph' as const, text: '请各单位按时报送材料🙂。' }] };
    const error = await typeset(withEmoji, fonts).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isOaError(error)).toBe(true);
    if (!isOaError(error)) return;
    expect(error.code).toBe('GLYPH_MISSING');
    expect(error.details).toMatchObject({ character: '🙂', codePoint: 'U+1F642', role: 'fangsong' });
    expect(error.text.zh).toContain('🙂');
    expect(error.text.zh).toContain(fonts.fangsong.postscriptName);
  });
});
