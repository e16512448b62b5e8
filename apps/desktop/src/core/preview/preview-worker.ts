import { Certificate } from '@oa/signature';
import { desktopError } from '../errors';
import { verifyIncoming } from '../exchange/verify-incoming';
import { serveRequests } from '../workers/worker-server';
import type { PreviewProtocol } from './preview-protocol';
import { typesetDocument } from './typeset-document';

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
