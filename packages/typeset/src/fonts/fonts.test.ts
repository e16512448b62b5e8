import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isOaError } from '@oa/shared';
import { discoverFonts } from './discover';
import { parseFontMap } from './font-map';
import { loadFont, loadFonts } from './load';

const dir = mkdtempSync(path.join(os.tmpdir(), 'oa-fonts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const notoSerif = '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc';

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('font map', () => {
  it('accepts Chinese or English role names, and a face of a collection', () => {
    expect(
      parseFontMap({
        仿宋: 'C:/Windows/Fonts/simfang.ttf',
        heiti: { file: notoSerif, face: 'NotoSerifCJKsc-Regular' },
      }),
    ).toEqual({
      fangsong: { file: 'C:/Windows/Fonts/simfang.ttf' },
      heiti: { file: notoSerif, face: 'NotoSerifCJKsc-Regular' },
    });
  });

  it('rejects unknown roles and malformed entries with their own codes', () => {
    const unknown = errorOf(() => parseFontMap({ 魏碑: 'x.ttf' }));
    expect(isOaError(unknown) && unknown.code).toBe('FONT_MAP_UNKNOWN_ROLE');
    const malformed = errorOf(() => parseFontMap({ 仿宋: { path: 'x.ttf' } }));
    expect(isOaError(malformed) && malformed.code).toBe('FONT_MAP_INVALID');
    expect(isOaError(malformed) && malformed.text.zh).toContain('仿宋');
  });
});

describe('font discovery', () => {
  it('prefers the standard faces (simfang, simhei…) over open fallbacks', () => {
    symlinkSync('/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf', path.join(dir, 'SIMFANG.TTF'));
    const found = discoverFonts([dir, '/usr/share/fonts']);
    expect(found.fangsong).toEqual({ file: path.join(dir, 'SIMFANG.TTF'), face: undefined, fallback: false });
    expect(found.heiti).toMatchObject({ face: 'NotoSansCJKsc-Regular', fallback: true });
  });

  it("falls back to Debian's open fonts with full simplified coverage", async () => {
    const found = discoverFonts(['/usr/share/fonts']);
    expect(found.fangsong?.file).toMatch(/gbsn00lp\.ttf$/);
    expect(found.kaiti?.file).toMatch(/gkai00mp\.ttf$/);
    expect(found.xiaobiaosong).toMatchObject({ face: 'NotoSerifCJKsc-Bold', fallback: true });
    const fonts = await loadFonts({ folders: ['/usr/share/fonts'] });
    for (const ch of '关于印发国家行政机关公文处理办法的通知〔〕★×') {
      expect(fonts.fangsong.advance(ch.codePointAt(0)!), ch).toBeDefined();
    }
  });

  it('uses the first face of a discovered collection that lacks the expected face', async () => {
    const mac = path.join(dir, 'mac');
    mkdirSync(mac);
    symlinkSync(notoSerif, path.join(mac, 'Songti.ttc'));
    expect(discoverFonts([mac]).songti).toMatchObject({ face: 'STSongti-SC-Regular', fallback: false });
    const fonts = await loadFonts({ folders: [mac, '/usr/share/fonts'] });
    expect(fonts.songti.file).toBe(path.join(mac, 'Songti.ttc'));
    expect(fonts.songti.faceIndex).toBe(0);
  });

  it('says when no font is found for a role', async () => {
    const error = await loadFonts({ folders: [path.join(dir, 'empty')] }).catch((e: unknown) => e);
    expect(isOaError(error) && error.code).toBe('FONT_NOT_FOUND');
  });

  it('picks a face of a .ttc by PostScript name and lists the faces when it is not there', async () => {
    const face = await loadFont({ file: notoSerif, face: 'NotoSerifCJKsc-Regular' });
    expect(face.postscriptName).toBe('NotoSerifCJKsc-Regular');
    expect(face.faceIndex).toBeGreaterThan(0);
    const error = await loadFont({ file: notoSerif, face: 'NoSuchFace' }).catch((e: unknown) => e);
    expect(isOaError(error) && error.code).toBe('FONT_FACE_NOT_FOUND');
    expect(isOaError(error) && error.text.en).toContain('NotoSerifCJKsc-Regular');
  });
});
