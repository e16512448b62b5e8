import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateDocument, type GongwenDocument } from '@oa/shared';
import { loadFonts, type FontSet } from '../fonts/load';
import { typeset, type TypesetResult } from '../typeset';

export const examplesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../docs/examples');

export interface CorpusEntry {
  name: string;
  doc: GongwenDocument;
  file: string;
  result: TypesetResult;
}

/** Parses and validates an example document (examples must be valid). */
export function readExample(name: string): GongwenDocument {
  const input: unknown = JSON.parse(readFileSync(path.join(examplesDir, `${name}.json`), 'utf8'));
  const checked = validateDocument(input, { stage: 'final' });
  if (!checked.ok || !checked.document) throw new Error(`${name} is invalid: ${JSON.stringify(checked.violations)}`);
  return checked.document;
}

let fonts: Promise<FontSet> | undefined;

/** The installed fonts (Debian's open fonts on CI), loaded once per test file. */
export function testFonts(): Promise<FontSet> {
  fonts ??= loadFonts();
  return fonts;
}

/** Typesets every example in docs/examples into a temporary folder. */
export async function typesetCorpus(): Promise<{ dir: string; entries: CorpusEntry[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oa-typeset-'));
  const loaded = await testFonts();
  const names = readdirSync(examplesDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
  const entries: CorpusEntry[] = [];
  for (const name of names) {
    const doc = readExample(name);
    const result = await typeset(doc, loaded);
    const file = path.join(dir, `${name}.pdf`);
    writeFileSync(file, result.pdf);
    entries.push({ name, doc, file, result });
  }
  return { dir, entries };
}
