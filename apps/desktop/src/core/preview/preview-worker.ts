import { Certificate } from '@oa/signature';
import { desktopError } from '../errors';
import { verifyIncoming } from '../exchange/verify-incoming';
import { serveRequests } from '../workers/worker-server';
import type { PreviewProtocol } from './preview-protocol';
import { typesetDocument } from './typeset-document';
import { warmUpDocument, warmUpRuns } from './warm-up';

/**
 * The core's preview worker thread: documents in, GB/T 9704 PDFs out (typesetting), and
 * arrivals verified (PDF seal + envelope), so neither blocks the API calls the main thread
 * answers. Long batches run in the separate jobs worker (workers/jobs-worker.ts), so a preview
 * never waits behind them.
 */
serveRequests<PreviewProtocol>(
  {
    preview: async ({ document }) => {
      const output = await typesetDocument(document);
      return {
        pdfBase64: Buffer.from(output.pdf).toString('base64'),
        pageCount: output.pageCount,
        sealPositions: output.sealPositions,
        millis: output.millis,
      };
    },
    // Loads the fonts and typesets the warm-up sample a few times; answers even when that fails, then without a PDF.
    warm: async () => {
      const started = performance.now();
      let pdf: Uint8Array | undefined;
      for (let run = 0; run < warmUpRuns; run += 1) {
        try {
          pdf = (await typesetDocument(warmUpDocument)).pdf;
        } catch {
          break;
        }
      }
      return {
        pdfBase64: pdf === undefined ? '' : Buffer.from(pdf).toString('base64'),
        millis: performance.now() - started,
      };
    },
    verify: async ({ trustedRootsPem, ...rest }) => {
      try {
        const trustedRoots = trustedRootsPem.map((pem) => Certificate.fromPem(pem));
        return (await verifyIncoming({ ...rest, pdf: new Uint8Array(rest.pdf), trustedRoots })).view;
      } catch {
        throw desktopError('PREVIEW_FAILED');
      }
    },
  },
  () => desktopError('PREVIEW_FAILED'),
);
