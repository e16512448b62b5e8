// The render worker of PdfRenderPool (pdf-render-pool.ts): PDFium compiled to WebAssembly
// (@embedpdf/pdfium) in a worker thread. Plain JavaScript because a worker thread loads its file
// with Node's own loader, which takes no TypeScript. Messages in: { id, length, shared?, dpi,
// maxPixels }, the file being the first `length` bytes of `shared` (a SharedArrayBuffer, sent
// when it is new); out: { id, opened: true, pages: [{ drawn, objects, annotations }] } or
// { id, opened: false, error, detail }.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { createRequire } from 'node:module';
import { fileURLToPath, URL } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { init } from '@embedpdf/pdfium';

/** FPDF_GetLastError's codes (fpdfview.h), for the reason a document did not open. */
const loadErrors = {
  1: 'unknown error',
  2: 'file not found or could not be opened',
  3: 'not a PDF or corrupted',
  4: 'a password is required',
  5: 'unsupported security scheme',
  6: 'page not found or content error',
};
const white = 0xffffffff;
const renderFlags = 0; // plain rendering; widgets are drawn by FPDF_FFLDraw below

/** PDFium's WebAssembly: from the package, or beside this file in the desktop's bundled build. */
function wasmFile() {
  try {
    return createRequire(import.meta.url).resolve('@embedpdf/pdfium/pdfium.wasm');
  } catch {
    return fileURLToPath(new URL('./pdfium.wasm', import.meta.url));
  }
}

/** @type {Awaited<ReturnType<typeof init>>} */
let module;
const loading = init({ wasmBinary: readFileSync(wasmFile()) }).then((loaded) => {
  loaded.PDFiumExt_Init();
  module = loaded;
});
const heap = () => module.pdfium.HEAPU8;
const malloc = (size) => module.pdfium.wasmExports.malloc(size);
const free = (pointer) => module.pdfium.wasmExports.free(pointer);

/** Whether anything but white was drawn into the bitmap. */
function drawnOn(bitmap, height) {
  const start = module.FPDFBitmap_GetBuffer(bitmap);
  const pixels = heap().subarray(start, start + module.FPDFBitmap_GetStride(bitmap) * height);
  for (let i = 0; i < pixels.length; i++) if (pixels[i] !== 0xff) return true;
  return false;
}

/**
 * Renders one page with its annotations and form widgets (visible signatures: the seal, the
 * 归档章) at `dpi`, no side over `maxPixels`.
 */
function renderPage(document, form, index, dpi, maxPixels) {
  const page = module.FPDF_LoadPage(document, index);
  if (!page) return { loaded: false };
  module.FORM_OnAfterLoadPage(page, form);
  let bitmap = 0;
  try {
    const widthPt = module.FPDF_GetPageWidthF(page);
    const heightPt = module.FPDF_GetPageHeightF(page);
    const scale = Math.min(dpi / 72, maxPixels / Math.max(widthPt, heightPt, 1));
    const width = Math.max(1, Math.round(widthPt * scale));
    const height = Math.max(1, Math.round(heightPt * scale));
    bitmap = module.FPDFBitmap_Create(width, height, 0); // BGRx, 4 bytes a pixel
    if (!bitmap) return { loaded: true, drawn: false, objects: 0, annotations: 0, noMemory: true };
    module.FPDFBitmap_FillRect(bitmap, 0, 0, width, height, white);
    module.FPDF_RenderPageBitmap(bitmap, page, 0, 0, width, height, 0, renderFlags);
    module.FPDF_FFLDraw(form, bitmap, page, 0, 0, width, height, 0, renderFlags);
    return {
      loaded: true,
      drawn: drawnOn(bitmap, height),
      objects: module.FPDFPage_CountObjects(page),
      annotations: module.FPDFPage_GetAnnotCount(page),
    };
  } finally {
    if (bitmap) module.FPDFBitmap_Destroy(bitmap);
    module.FORM_OnBeforeClosePage(page, form);
    module.FPDF_ClosePage(page);
  }
}

function render(bytes, dpi, maxPixels) {
  const buffer = malloc(bytes.length);
  if (!buffer) return { opened: false, error: 'memory', detail: `no memory for ${bytes.length} bytes` };
  heap().set(bytes, buffer);
  const document = module.FPDF_LoadMemDocument(buffer, bytes.length, '');
  if (!document) {
    const code = module.FPDF_GetLastError();
    free(buffer);
    return { opened: false, error: 'open', detail: `PDFium: ${loadErrors[code] ?? `error ${code}`}` };
  }
  const formInfo = module.PDFiumExt_OpenFormFillInfo();
  const form = module.PDFiumExt_InitFormFillEnvironment(document, formInfo);
  try {
    const pages = [];
    const count = module.FPDF_GetPageCount(document);
    for (let i = 0; i < count; i++) {
      const page = renderPage(document, form, i, dpi, maxPixels);
      if (!page.loaded) return { opened: false, error: 'page', detail: `PDFium cannot load page ${i + 1}` };
      if (page.noMemory) return { opened: false, error: 'memory', detail: `no memory to draw page ${i + 1}` };
      pages.push({ drawn: page.drawn, objects: page.objects, annotations: page.annotations });
    }
    return { opened: true, pages };
  } finally {
    module.PDFiumExt_ExitFormFillEnvironment(form);
    module.PDFiumExt_CloseFormFillInfo(formInfo);
    module.FPDF_CloseDocument(document);
    free(buffer);
  }
}

// Files arrive one at a time (the pool waits for each answer); the first waits for PDFium to load.
let shared; // the SharedArrayBuffer the pool writes each file into (a new one when it grows)
parentPort.on('message', async ({ id, length, shared: grown, dpi, maxPixels }) => {
  shared = grown ?? shared;
  try {
    await loading;
    parentPort.postMessage({ id, ...render(new Uint8Array(shared, 0, length), dpi, maxPixels) });
  } catch (error) {
    // PDFium itself failed (e.g. a WebAssembly trap): this file fails, and the worker ends, since
    // its memory may be damaged; the pool starts a fresh one.
    parentPort.postMessage({ id, opened: false, error: 'crash', detail: `PDFium failed: ${error.message}` });
    process.exit(1);
  }
});
