import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/**
 * Font subsetting with HarfBuzz (hb-subset, compiled to WebAssembly by harfbuzzjs). It keeps
 * CFF (OpenType/CFF, e.g. Noto CJK) fonts valid, which pdf-lib's own subsetter does not. Faces
 * stay loaded in the WebAssembly memory, so each later subset costs a few milliseconds.
 */
interface HarfBuzzExports {
  memory: { buffer: ArrayBuffer };
  malloc(size: number): number;
  free(pointer: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_get_flags(input: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
  _initialize(): void;
}

const HB_MEMORY_MODE_WRITABLE = 2;
const HB_SUBSET_SETS_DROP_TABLE_TAG = 3;
const HB_SUBSET_FLAGS_NO_HINTING = 0x1;
const HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE = 0x200;
/** Tables a PDF viewer never reads: layout, vertical metrics, colour, digital signatures. */
const droppedTables = ['GSUB', 'GPOS', 'GDEF', 'BASE', 'JSTF', 'MATH', 'vhea', 'vmtx', 'VORG', 'DSIG', 'kern'];

const tag = (text: string): number => [...text].reduce((value, ch) => (value << 8) + ch.charCodeAt(0), 0) >>> 0;

/** The WebAssembly global (typed here: the project's lib settings leave it out). */
const webAssembly = (
  globalThis as unknown as {
    WebAssembly: { instantiate(bytes: Uint8Array): Promise<{ instance: { exports: unknown } }> };
  }
).WebAssembly;

let instance: Promise<HarfBuzzExports> | undefined;

function harfbuzz(): Promise<HarfBuzzExports> {
  instance ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasm = await readFile(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'));
    const { instance: loaded } = await webAssembly.instantiate(wasm);
    const exports = loaded.exports as unknown as HarfBuzzExports;
    exports._initialize();
    return exports;
  })();
  return instance;
}

/**
 * The characters kept in memory for each font: ASCII and GB 2312 (7,445 characters and
 * symbols). hb-subset's WebAssembly memory is fixed at 65 MB, too small to keep several whole
 * CJK fonts (Noto CJK is 20–27 MB a file), so each font is reduced to this working set (on its
 * second use) and that face stays loaded; a font's first document, and a document with a
 * character outside the set, is subset from the whole file (copied in and freed again).
 */
function workingSet(): Set<number> {
  const set = new Set<number>();
  for (let cp = 0x20; cp <= 0x7e; cp++) set.add(cp);
  const gb2312 = new TextDecoder('gbk');
  for (let high = 0xa1; high <= 0xf7; high++) {
    for (let low = 0xa1; low <= 0xfe; low++) {
      const text = gb2312.decode(new Uint8Array([high, low]));
      const cp = text.codePointAt(0)!;
      if (text.length === 1 && cp !== 0xfffd && (cp < 0xe000 || cp > 0xf8ff)) set.add(cp);
    }
  }
  return set;
}

let working: Set<number> | undefined;

interface LoadedFace {
  face: number;
  covers: Set<number>;
}

const faces = new Map<string, LoadedFace>();
const useCounts = new Map<string, number>();

/** Copies a font into the WebAssembly memory and makes a face of it; `release` frees both. */
function openFace(hb: HarfBuzzExports, bytes: Uint8Array, index: number): { face: number; release(): void } {
  const pointer = hb.malloc(bytes.byteLength);
  if (pointer === 0) throw new RangeError('font too large for the subsetter');
  new Uint8Array(hb.memory.buffer).set(bytes, pointer);
  const blob = hb.hb_blob_create(pointer, bytes.byteLength, HB_MEMORY_MODE_WRITABLE, 0, 0);
  const face = hb.hb_face_create(blob, index);
  hb.hb_blob_destroy(blob);
  return {
    face,
    release() {
      hb.hb_face_destroy(face);
      hb.free(pointer);
    },
  };
}

function runSubset(hb: HarfBuzzExports, face: number, codePoints: Iterable<number>): Uint8Array | undefined {
  const input = hb.hb_subset_input_create_or_fail();
  if (input === 0) return undefined;
  try {
    const unicodes = hb.hb_subset_input_unicode_set(input);
    for (const codePoint of codePoints) hb.hb_set_add(unicodes, codePoint);
    const drop = hb.hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (const table of droppedTables) hb.hb_set_add(drop, tag(table));
    hb.hb_subset_input_set_flags(
      input,
      hb.hb_subset_input_get_flags(input) | HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE,
    );
    const subset = hb.hb_subset_or_fail(face, input);
    if (subset === 0) return undefined;
    const blob = hb.hb_face_reference_blob(subset);
    const length = hb.hb_blob_get_length(blob);
    const data = hb.hb_blob_get_data(blob, 0);
    const out = new Uint8Array(hb.memory.buffer, data, length).slice();
    hb.hb_blob_destroy(blob);
    hb.hb_face_destroy(subset);
    return length > 0 ? out : undefined;
  } finally {
    hb.hb_subset_input_destroy(input);
  }
}

/** Subsets from the whole file, then lets it go. */
function subsetWhole(hb: HarfBuzzExports, bytes: Uint8Array, index: number, codePoints: Iterable<number>) {
  let opened: ReturnType<typeof openFace>;
  try {
    opened = openFace(hb, bytes, index);
  } catch {
    return undefined; // no room in the subsetter's memory: the caller reports FONT_SUBSET_FAILED
  }
  try {
    return runSubset(hb, opened.face, codePoints);
  } finally {
    opened.release();
  }
}

function workingFace(hb: HarfBuzzExports, key: string, bytes: Uint8Array, index: number): LoadedFace | undefined {
  let loaded = faces.get(key);
  if (!loaded) {
    working ??= workingSet();
    const reduced = subsetWhole(hb, bytes, index, working);
    if (!reduced) return undefined;
    loaded = { face: openFace(hb, reduced, 0).face, covers: working };
    faces.set(key, loaded);
  }
  return loaded;
}

/** The font reduced to the glyphs of `codePoints` (plus .notdef), as an OpenType file. */
export async function subsetFace(
  key: string,
  bytes: Uint8Array,
  faceIndex: number,
  codePoints: readonly number[],
): Promise<Uint8Array | undefined> {
  const hb = await harfbuzz();
  // A font's first document is subset from the whole file (cheaper for a one-off run such as
  // the CLI); from its second on, the working set is prepared once and used from then on.
  const uses = (useCounts.get(key) ?? 0) + 1;
  useCounts.set(key, uses);
  const face = uses > 1 ? workingFace(hb, key, bytes, faceIndex) : undefined;
  if (face && codePoints.every((cp) => face.covers.has(cp))) return runSubset(hb, face.face, codePoints);
  return subsetWhole(hb, bytes, faceIndex, codePoints);
}
