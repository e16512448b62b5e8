import { parentPort } from 'node:worker_threads';
import type { OaError } from '@oa/shared';
import { toWireError, workerRequestSchema, type WorkerMessage, type WorkerProtocol } from './protocol';

/** A worker's handler of one request type: its input, a way to report progress, its reply. */
export type WorkerHandlers<P extends WorkerProtocol> = {
  [K in keyof P]: (input: P[K]['input'], progress: (event: P[K]['progress']) => void) => Promise<P[K]['output']>;
};

/**
 * Answers the core's requests inside a worker thread: each request goes to the handler of its
 * type, which may post progress events before its reply; a thrown OaError crosses as it is, any
 * other error as `fallback()` (no stack traces leave the thread).
 */
export function serveRequests<P extends WorkerProtocol>(handlers: WorkerHandlers<P>, fallback: () => OaError): void {
  const port = parentPort;
  if (port === null) throw new Error('serveRequests runs inside a worker thread');
  const post = (message: WorkerMessage) => port.postMessage(message);
  port.on('message', (raw: unknown) => {
    const parsed = workerRequestSchema.safeParse(raw);
    if (!parsed.success) return;
    const { id, type, input } = parsed.data;
    const handler = Object.hasOwn(handlers, type) ? handlers[type as keyof P] : undefined;
    if (handler === undefined) {
      post({ id, kind: 'failure', error: toWireError(undefined, fallback) });
      return;
    }
    handler(input, (progress) => post({ id, kind: 'progress', progress })).then(
      (output) => post({ id, kind: 'reply', output }),
      (error: unknown) => {
        const wire = toWireError(error, fallback);
        try {
          post({ id, kind: 'failure', error: wire });
        } catch {
          // Details that cannot be cloned across threads are left behind; the code and text go.
          post({ id, kind: 'failure', error: { code: wire.code, text: wire.text } });
        }
      },
    );
  });
}
