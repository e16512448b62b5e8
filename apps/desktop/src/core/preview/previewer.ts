import type { VerificationView } from '../../api-contract';
import { desktopError } from '../errors';
import type { IncomingCheck } from '../exchange/verify-incoming';
import { WorkerClient } from '../workers/worker-client';
import type { Preview, PreviewProtocol, WarmUp } from './preview-protocol';

export type { Preview, WarmUp } from './preview-protocol';

/**
 * Typesets documents in one long-lived worker thread (started on first use, fonts loaded once
 * there). The built app ships `preview-worker.js` beside the main bundle; from source the
 * worker runs the TypeScript file through tsx.
 */
export class Previewer {
  private readonly worker = new WorkerClient<PreviewProtocol>(
    { built: new URL('./preview-worker.js', import.meta.url), source: new URL('./preview-worker.ts', import.meta.url) },
    () => desktopError('PREVIEW_FAILED'),
  );

  preview(document: unknown): Promise<Preview> {
    return this.worker.request('preview', { document });
  }

  /**
   * Starts the worker, loads its fonts and typesets a sample (warm-up.ts), so the first preview
   * someone opens is typeset at warm speed. Resolves with the sample's PDF (base64; empty when
   * the fonts are missing) and the milliseconds it took.
   */
  warm(): Promise<WarmUp> {
    return this.worker.request('warm', {});
  }

  /** Verifies an arrival (PDF seal and envelope) in the same worker thread. */
  verifyIncoming(check: IncomingCheck): Promise<VerificationView> {
    const { trustedRoots, ...rest } = check;
    return this.worker.request('verify', { ...rest, trustedRootsPem: trustedRoots.map((root) => root.toPem()) });
  }

  close(): Promise<void> {
    return this.worker.close();
  }
}
