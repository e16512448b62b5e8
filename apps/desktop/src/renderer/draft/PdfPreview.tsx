import { GlobalWorkerOptions, PDFWorker, getDocument, type PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bytesFromBase64 } from '../base64';

GlobalWorkerOptions.workerSrc = new URL('pdfjs-dist/build/pdf.worker.min.mjs', import.meta.url).href;

/** One pdf.js worker for the whole session (starting one costs more than drawing a page). */
let sharedWorker: PDFWorker | undefined;
function pdfWorker(): PDFWorker {
  sharedWorker ??= new PDFWorker();
  return sharedWorker;
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
 * A typeset PDF drawn page by page on canvases with pdf.js (no plug-in, no remote content),
 * optionally with a dashed red circle where the seal will be stamped.
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
    let loaded: PDFDocumentProxy | undefined;
    const task = getDocument({ data: bytesFromBase64(pdfBase64), worker: pdfWorker() });
    const draw = async () => {
      loaded = await task.promise;
      if (cancelled || container.current === null) return;
      // Pages appear one by one (the first within a frame or two); the old ones are replaced at once.
      const target = container.current;
      const fresh: HTMLCanvasElement[] = [];
      for (let n = 1; n <= loaded.numPages; n += 1) {
        const page = await loaded.getPage(n);
        const viewport = page.getViewport({ scale: 1.2 });
        const canvas = document.createElement('canvas');
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', t('draft.previewPage', { n }));
        await page.render({ canvas, viewport }).promise;
        if (cancelled) return;
        if (marker !== undefined && marker.page === n - 1) drawMarker(canvas, viewport, marker);
        fresh.push(canvas);
        if (n === 1) target.replaceChildren(canvas);
        else target.append(canvas);
        target.dataset.drawn = String(n);
      }
      setPages(fresh.length);
      onRendered?.(loaded.numPages);
    };
    draw().catch(() => undefined);
    return () => {
      cancelled = true;
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
