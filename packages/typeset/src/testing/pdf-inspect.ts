import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Test support: what outside tools (poppler's pdftotext and pdftoppm) see in a PDF, so tests
 * check the document itself and not the layout engine's own numbers. Millimetres, top-left origin.
 */
export interface TextLine {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  words: { text: string; xMin: number; xMax: number }[];
}

export interface PdfText {
  pages: { lines: TextLine[] }[];
}

const ptToMm = (pt: number) => (pt * 25.4) / 72;
const attribute = (tag: string, name: string) => Number(new RegExp(`${name}="([\\d.]+)"`).exec(tag)![1]);
const unescape = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Text lines as pdftotext -bbox-layout reports them. */
export function pdfTextLines(file: string): PdfText {
  const xml = execFileSync('pdftotext', ['-bbox-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const pages: PdfText['pages'] = [];
  for (const pageXml of xml.split('<page ').slice(1)) {
    const lines: TextLine[] = [];
    for (const match of pageXml.matchAll(/<line ([^>]*)>([\s\S]*?)<\/line>/g)) {
      const words = [...match[2]!.matchAll(/<word ([^>]*)>([^<]*)<\/word>/g)].map((w) => ({
        text: unescape(w[2]!),
        xMin: ptToMm(attribute(w[1]!, 'xMin')),
        xMax: ptToMm(attribute(w[1]!, 'xMax')),
      }));
      lines.push({
        page: pages.length,
        text: words.map((w) => w.text).join(''),
        xMin: ptToMm(attribute(match[1]!, 'xMin')),
        yMin: ptToMm(attribute(match[1]!, 'yMin')),
        xMax: ptToMm(attribute(match[1]!, 'xMax')),
        yMax: ptToMm(attribute(match[1]!, 'yMax')),
        words,
      });
    }
    pages.push({ lines });
  }
  return { pages };
}

/** A greyscale raster of one page (pdftoppm -gray), 0 = black, 255 = white. */
export interface GreyImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** Renders pages to greyscale PGM images; `env` lets a test change fontconfig. */
export function renderGrey(file: string, dir: string, dpi: number, env: NodeJS.ProcessEnv = process.env): GreyImage[] {
  const prefix = `${dir}/page`;
  execFileSync('pdftoppm', ['-gray', '-r', String(dpi), file, prefix], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const images: GreyImage[] = [];
  for (let page = 1; ; page++) {
    let bytes: Buffer;
    try {
      bytes = readPageFile(prefix, page);
    } catch {
      break;
    }
    images.push(parsePgm(bytes));
  }
  return images;
}

function readPageFile(prefix: string, page: number): Buffer {
  for (const digits of [1, 2, 3]) {
    try {
      return readFileSync(`${prefix}-${String(page).padStart(digits, '0')}.pgm`);
    } catch {
      // pdftoppm pads page numbers to the width of the last one
    }
  }
  throw new Error(`no page ${page}`);
}

function parsePgm(bytes: Buffer): GreyImage {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not a PGM image');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, pixels: new Uint8Array(bytes.subarray(header[0].length, header[0].length + width * height)) };
}
