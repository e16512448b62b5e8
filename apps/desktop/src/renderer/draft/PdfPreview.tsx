import { GlobalWorkerOptions, PDFWorker, getDocument, type PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

GlobalWorkerOptions.workerSrc = new URL('pdfjs-dist/build/pdf.worker.min.mjs', import.meta.url).href;

/** One pdf.js worker for the whole session (starting one costs more than drawing a page). */
let sharedWorker: PDFWorker | undefined;
function pdfWorker(): PDFWorker {
  sharedWorker ??= new PDFWorker();
  return sharedWorker;
}

function bytesOf(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A typeset PDF drawn page by page on canvases with pdf.js (no plug-in, no remote content). */
export function PdfPreview({ pdfBase64, onRendered }: { pdfBase64: string; onRendered?: (pages: number) => void }) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const [pages, setPages] = useState(0);

  useEffect(() => {
    let cancelled = false;
    let loaded: PDFDocumentProxy | undefined;
    const task = getDocument({ data: bytesOf(pdfBase64), worker: pdfWorker() });
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
  }, [pdfBase64, onRendered, t]);

  return <div ref={container} className="pdf-pages" data-testid="pdf-preview" data-pages={pages} />;
}
