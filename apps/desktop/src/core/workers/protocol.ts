import { OaError, isOaError, type LocalizedText } from '@oa/shared';
import { z } from 'zod';

/**
 * What a worker thread answers, per request type: the input it takes, the progress events it
 * may stream before its reply (`never` when none) and the reply. One such map per worker.
 */
export type WorkerProtocol = Record<string, { input: unknown; progress: unknown; output: unknown }>;

/** Core → worker: one request, numbered so its progress and reply find their way back. */
export interface WorkerRequest<P extends WorkerProtocol, K extends keyof P & string = keyof P & string> {
  id: number;
  type: K;
  input: P[K]['input'];
}

/** An error as it crosses the thread boundary (an OaError is rebuilt from it on the other side). */
export interface WireError {
  code: string;
  text: LocalizedText;
  details?: Record<string, unknown>;
}

/** Worker → core: progress events of a request, then exactly one reply or failure. */
export type WorkerMessage =
  | { id: number; kind: 'progress'; progress: unknown }
  | { id: number; kind: 'reply'; output: unknown }
  | { id: number; kind: 'failure'; error: WireError };

const text = z.object({ zh: z.string(), en: z.string() });

/** The envelope check on the core's side (the payloads are typed by the worker's protocol map). */
export const workerMessageSchema = z.discriminatedUnion('kind', [
  z.object({ id: z.number().int(), kind: z.literal('progress'), progress: z.unknown() }),
  z.object({ id: z.number().int(), kind: z.literal('reply'), output: z.unknown() }),
  z.object({
    id: z.number().int(),
    kind: z.literal('failure'),
    error: z.object({ code: z.string(), text, details: z.record(z.string(), z.unknown()).optional() }),
  }),
]);

/** The envelope check on the worker's side. */
export const workerRequestSchema = z.object({ id: z.number().int(), type: z.string(), input: z.unknown() });

export function toWireError(error: unknown, fallback: () => OaError): WireError {
  const failure = isOaError(error) ? error : fallback();
  return {
    code: failure.code,
    text: failure.text,
    ...(failure.details === undefined ? {} : { details: { ...failure.details } }),
  };
}

export function fromWireError(error: WireError): OaError {
  return new OaError(error.code, error.text, error.details);
}
