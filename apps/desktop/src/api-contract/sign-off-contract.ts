import { completeActionSchema, type LocalizedText } from '@oa/shared';
import { z } from 'zod';
import { method } from './method-spec';

/** One document of a 批量签发 batch, as the progress shows it. */
export interface SignOffItemView {
  instanceId: string;
  /** Known once the document was read (empty while waiting). */
  title: string;
  status: 'waiting' | 'signed' | 'failed';
  /** The signed 签发稿 (a PDF attachment of the document) when signed. */
  attachmentId: string | null;
  error: { code: string; message: LocalizedText } | null;
}

/** A 批量签发 batch running in the background: how far it is and a result per document. */
export interface SignOffBatchView {
  jobId: string;
  total: number;
  done: number;
  finished: boolean;
  items: SignOffItemView[];
}

const id = z.string().trim().min(1).max(200);

/**
 * 批量签发 with the leader's personal key: one PIN for the whole batch, then each document is
 * typeset, signed (PAdES, the opinion in the signature) and its 签发 step completed; progress
 * and results are read while it runs.
 */
export const signOffContract = {
  /**
   * Opens the key store with the PIN (a wrong PIN fails here and nothing starts), then signs
   * the documents one after another in the background. The PIN is used for this call only.
   */
  startSignOff: method<SignOffBatchView>()(
    z
      .object({
        instanceIds: z.array(id).min(1).max(200),
        opinion: z.string().trim().min(1).max(500),
        keyStorePath: z.string().trim().min(1).max(4096),
        pin: z.string().min(1).max(200),
        next: completeActionSchema.shape.next,
      })
      .strict(),
  ),
  /** How far a batch is (poll while `finished` is false). */
  signOffProgress: method<SignOffBatchView>()(z.object({ jobId: id }).strict()),
} as const;
