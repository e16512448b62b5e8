import type { SealPosition } from '@oa/shared';
import type { VerificationView } from '../../api-contract';
import type { IncomingCheck } from '../exchange/verify-incoming';

/** A typeset preview: the PDF (base64), its page count and how long typesetting took. */
export interface Preview {
  pdfBase64: string;
  pageCount: number;
  /** Where each issuer's seal goes (GB/T 9704 §7.3.5), for 用印. */
  sealPositions: SealPosition[];
  millis: number;
}

/** The warm-up's result: the sample typeset (for the renderer to warm pdf.js with) and its time. */
export interface WarmUp {
  /** Empty when the sample could not be typeset (fonts missing). */
  pdfBase64: string;
  millis: number;
}

/** An arrival to verify, its trusted roots as PEM (certificates do not cross threads as objects). */
export type VerifyInput = Omit<IncomingCheck, 'trustedRoots'> & { trustedRootsPem: string[] };

/** The preview worker's requests (see workers/protocol.ts). */
export type PreviewProtocol = {
  preview: { input: { document: unknown }; progress: never; output: Preview };
  verify: { input: VerifyInput; progress: never; output: VerificationView };
  warm: { input: Record<string, never>; progress: never; output: WarmUp };
};
