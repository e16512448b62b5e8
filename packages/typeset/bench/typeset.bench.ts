/**
 * `pnpm bench`: median time to typeset the 3-page example with fonts already loaded, and the
 * PDF size, against a named peer in the same run: the same laid-out pages drawn the plain
 * pdf-lib way (embedFont with pdf-lib's own subsetting, drawText line by line). pdf-lib cannot
 * read .ttc collections nor subset CFF fonts correctly, so the peer draws every role with the
 * TrueType AR PL fonts; it shows what the straightforward path costs, not a better output.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fontkit from '@cantoo/fontkit';
import { PDFDocument, rgb } from '@cantoo/pdf-lib';
import { documentSchema, type FontRole } from '@oa/shared';
import { layout, loadFonts, typeset, type FontSet } from '../src/index';

const example = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../docs/examples/three-page-opinion.json',
);
const runs = 30;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function measure(
  name: string,
  once: () => Promise<Uint8Array>,
): Promise<{ name: string; ms: number; kb: number }> {
  await once(); // warm up: the JIT, fonts' first (whole-file) subsets
  await once(); // and HarfBuzz working sets, prepared on a font's second use
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    size = (await once()).byteLength;
    times.push(performance.now() - start);
  }
  return { name, ms: median(times), kb: size / 1024 };
}

async function pdfLibPeer(doc: ReturnType<typeof documentSchema.parse>, fonts: FontSet): Promise<Uint8Array> {
  const pages = layout(doc, fonts).pages;
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(fontkit);
  const song = readFileSync('/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf');
  const kai = readFileSync('/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf');
  const songFont = await pdf.embedFont(song, { subset: true });
  const kaiFont = await pdf.embedFont(kai, { subset: true });
  const fontFor = (role: FontRole) => (role === 'kaiti' ? kaiFont : songFont);
  for (const page of pages) {
    const pdfPage = pdf.addPage([595.28, 841.89]);
    for (const rule of page.rules) {
      pdfPage.drawLine({ start: { x: rule.x1, y: rule.y }, end: { x: rule.x2, y: rule.y }, thickness: rule.width });
    }
    for (const run of page.runs) {
      const text = run.glyphs.map((g) => g.ch).join('');
      const color = run.color ? rgb(run.color[0], run.color[1], run.color[2]) : rgb(0, 0, 0);
      pdfPage.drawText(text, { x: run.x, y: run.baseline, size: run.size, font: fontFor(run.role), color });
    }
  }
  return pdf.save({ useObjectStreams: false });
}

const doc = documentSchema.parse(JSON.parse(readFileSync(example, 'utf8')));
const loadStart = performance.now();
const fonts = await loadFonts();
const loadMs = performance.now() - loadStart;
const ours = await measure('@oa/typeset (HarfBuzz subsets, grid layout)', async () => (await typeset(doc, fonts)).pdf);
const peer = await measure('peer: pdf-lib drawText + pdf-lib subsetting (TrueType only)', () => pdfLibPeer(doc, fonts));
const pages = (await typeset(doc, fonts)).pageCount;

console.log(
  `three-page-opinion.json: ${pages} pages, median of ${runs} runs, fonts loaded once (${loadMs.toFixed(0)} ms)`,
);
console.log('| typesetter | median ms | PDF KB |');
console.log('|---|---:|---:|');
for (const row of [ours, peer]) console.log(`| ${row.name} | ${row.ms.toFixed(1)} | ${row.kb.toFixed(0)} |`);
console.log(`target: ≤ 100 ms and ≤ 300 KB → ${ours.ms <= 100 && ours.kb <= 300 ? 'met' : 'NOT met'}`);
