import { GlobalWorkerOptions, PDFWorker, getDocument, type PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bytesFromBase64 } from '../base64';
import { perfMark } from '../perf';

GlobalWorkerOptions.workerSrc = new URL('pdfjs-dist/build/pdf.worker.min.mjs', import.meta.url).href;

/** One pdf.js worker for the whole session (starting one costs more than drawing a page). */
let sharedWorker: PDFWorker | undefined;
function pdfWorker(): PDFWorker {
  sharedWorker ??= new PDFWorker();
  return sharedWorker;
}

/**
 * Starts the pdf.js worker (loading and compiling its script) before the first preview is
 * wanted: the shell calls it once the signed-in screen is up, so opening the first document
 * does not wait for it.
 */
export function warmPdfWorker(): Promise<void> {
  return pdfWorker().promise.catch(() => undefined);
}

/** Size of the off-screen canvas the warm-up draws on (small: the code paths matter, not the pixels). */
const warmUpWidth = 200;

/**
 * Draws the first page of a sample PDF off screen, so pdf.js's font conversion and drawing code
 * is compiled before the first real preview. Never fails (a warm-up that cannot run is skipped).
 */
export async function warmPdfDrawing(pdfBase64: string): Promise<void> {
  if (pdfBase64 === '') return;
  const task = getDocument({ data: bytesFromBase64(pdfBase64), worker: pdfWorker() });
  try {
    const page = await (await task.promise).getPage(1);
    const viewport = page.getViewport({ scale: shownScale(page.getViewport({ scale: 1 }).width, warmUpWidth) });
    const canvas = document.createElement('canvas');
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    await page.render({ canvas, viewport }).promise;
  } catch {
    // Only a warm-up: the real preview reports its own failures.
  } finally {
    await task.destroy();
  }
}

/** The scale fallback where the container has no width yet (not laid out). */
const fallbackScale = 1.2;

/** The scale that draws a page at the width it is shown at, in device pixels (sharp, and no more). */
function shownScale(pageWidth: number, shownWidth: number): number {
  if (shownWidth <= 0 || pageWidth <= 0) return fallbackScale;
  return (shownWidth * (window.devicePixelRatio || 1)) / pageWidth;
}

/** A circle to draw over a page (PDF points, origin bottom left): where the seal will land. */
export interface PageMarker {
  /** 0-based page index. */
  page: number;
  centerX: number;
  centerY: number;
  diameter: number;
}

/**
 * A typeset PDF drawn with pdf.js on canvases (no plug-in, no remote content), optionally with a
 * dashed red circle where the seal will be stamped. The first page is drawn at once; the others
 * are laid out at their size and drawn when they come into view (or near it), as document
 * viewers do, so opening a long document costs the pages one sees. `data-pages` counts the pages
 * laid out, `data-drawn` the pages drawn; `data-visible-drawn` is set once the pages in view at
 * opening are drawn.
 */
export function PdfPreview({
  pdfBase64,
  onRendered,
  marker,
}: {
  pdfBase64: string;
  onRendered?: (pages: number) => void;
  marker?: PageMarker;
}) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const [pages, setPages] = useState(0);

  useEffect(() => {
    let cancelled = false;
    let observer: IntersectionObserver | undefined;
    const task = getDocument({ data: bytesFromBase64(pdfBase64), worker: pdfWorker() });
    const show = async () => {
      const loaded: PDFDocumentProxy = await task.promise;
      perfMark('oa:pdf-opened');
      if (cancelled || container.current === null) return;
      const target = container.current;
      const sheet = async (n: number) => {
        const page = await loaded.getPage(n);
        const viewport = page.getViewport({
          scale: shownScale(page.getViewport({ scale: 1 }).width, target.clientWidth),
        });
        const canvas = document.createElement('canvas');
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', t('draft.previewPage', { n }));
        canvas.dataset.page = String(n - 1);
        return { page, canvas, viewport };
      };
      let drawn = 0;
      const started = new Map<number, Promise<void>>();
      // Every page is asked for at once (one round trip to pdf.js's worker, not one per page).
      const asked = Array.from({ length: loaded.numPages }, (_, index) => sheet(index + 1));
      for (const pending of asked) pending.catch(() => undefined); // a closed preview's pages are not waited for
      const sheets: Awaited<ReturnType<typeof sheet>>[] = [];
      const draw = (index: number): Promise<void> => {
        let pending = started.get(index);
        if (pending === undefined) {
          const { page, canvas, viewport } = sheets[index]!;
          pending = page.render({ canvas, viewport }).promise.then(() => {
            if (cancelled) return;
            if (marker !== undefined && marker.page === index) drawMarker(canvas, viewport, marker);
            drawn += 1;
            target.dataset.drawn = String(drawn);
          });
          started.set(index, pending);
        }
        return pending;
      };
      // The first page replaces the old preview as soon as it is drawn.
      sheets.push(await asked[0]!);
      await draw(0);
      if (cancelled) return;
      perfMark('oa:pdf-first-page-drawn');
      target.replaceChildren(sheets[0]!.canvas);
      sheets.push(...(await Promise.all(asked.slice(1))));
      if (cancelled) return;
      target.append(...sheets.slice(1).map(({ canvas }) => canvas));
      setPages(sheets.length);
      let first = true;
      observer = new IntersectionObserver(
        (entries) => {
          const visible = entries
            .filter((entry) => entry.isIntersecting)
            .map((entry) => Number((entry.target as HTMLElement).dataset.page))
            .sort((x, y) => x - y);
          const done = Promise.all(visible.map(draw));
          if (first) {
            first = false;
            void done.then(() => {
              if (cancelled) return;
              perfMark('oa:pdf-visible-drawn');
              target.dataset.visibleDrawn = 'true';
              onRendered?.(sheets.length);
            });
          }
        },
        { rootMargin: '300px 0px' },
      );
      for (const { canvas } of sheets) observer.observe(canvas);
    };
    container.current?.removeAttribute('data-visible-drawn');
    show().catch(() => undefined);
    return () => {
      cancelled = true;
      observer?.disconnect();
      void task.destroy();
    };
  }, [pdfBase64, onRendered, t, marker]);

  return <div ref={container} className="pdf-pages" data-testid="pdf-preview" data-pages={pages} />;
}

function drawMarker(
  canvas: HTMLCanvasElement,
  viewport: { scale: number; convertToViewportPoint: (x: number, y: number) => number[] },
  marker: PageMarker,
): void {
  const context = canvas.getContext('2d');
  if (context === null) return;
  const [x = 0, y = 0] = viewport.convertToViewportPoint(marker.centerX, marker.centerY);
  context.save();
  context.strokeStyle = 'rgb(200 16 46)';
  context.lineWidth = 2;
  context.setLineDash([8, 6]);
  context.beginPath();
  context.arc(x, y, (marker.diameter / 2) * viewport.scale, 0, Math.PI * 2);
  context.stroke();
  context.restore();
  canvas.dataset.marker = `${marker.page}`;
}
