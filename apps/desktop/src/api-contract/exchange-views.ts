import type { DocumentKind, RecipientState, SealPosition } from '@oa/shared';

/** What the exchange methods return (plain JSON; PDFs as base64). */

/** The agency's link to the hub (公文交换设置); paths are on this computer. */
export interface ExchangeLinkView {
  hubUrl: string;
  agencyCode: string;
  agencyName: string;
  /** The agency seal's PKCS#12 key store (the PIN is asked for at each use, never kept). */
  keyStorePath: string;
  /** The registered seal record (电子印章, GB/T 38540 structure) applied with that key. */
  sealRecordPath: string;
  /** The deployment's root certificate (PEM): incoming seals and receipts must chain to it. */
  trustRootPath: string;
  /** 机关代字 of the agency's 发文字号 sequence, e.g. 宁政办发. */
  docNumberPrefix: string;
}

export interface ExchangeStatusView {
  configured: boolean;
  link: ExchangeLinkView | null;
  /** A hub session is open (it was opened with the seal PIN and has not expired). */
  connected: boolean;
  expiresAt: string | null;
  /** The hub answered its health check just now (null: not configured). */
  reachable: boolean | null;
}

export interface DirectoryEntry {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}

/** Where the agency seal lands on the typeset final document (the preview before sealing). */
export interface SealPreviewView {
  instanceId: string;
  docNumber: string;
  pdfBase64: string;
  pageCount: number;
  position: SealPosition;
  /** Already sealed: the sealed PDF is what will be sent. */
  sealed: boolean;
}

export type OutgoingRecipientState = 'queued' | RecipientState;

export interface ReceiptView {
  signedAt: string;
  /** The receipt's signature chains to the trusted root, names the message and this document's hash. */
  valid: boolean;
  signer: string;
}

export interface SentRecipientView {
  agencyCode: string;
  agencyName: string;
  state: OutgoingRecipientState;
  reason: string | null;
  receipt: ReceiptView | null;
  updatedAt: string;
}

export interface SentMessageView {
  messageId: string;
  documentId: string | null;
  title: string;
  docNumber: string;
  sentAt: string | null;
  recipients: SentRecipientView[];
}

export type VerificationVerdict = 'valid' | 'invalid' | 'indeterminate';

/** The verification badge of an incoming document and the reasons behind it. */
export interface VerificationView {
  verdict: VerificationVerdict;
  /** The seal (agency name and code) as the signature names it. */
  seal: { name: string; agencyName: string; agencyCode: string } | null;
  reasons: { code: string; severity: string; message: { zh: string; en: string } }[];
  checkedAt: string;
}

export interface IncomingMessageView {
  messageId: string;
  senderCode: string;
  senderName: string;
  title: string;
  docNumber: string;
  kind: DocumentKind;
  state: RecipientState;
  reason: string | null;
  receivedAt: string;
  verification: VerificationView;
  /** The local document and 收文 flow, once signed for. */
  documentId: string | null;
  instanceId: string | null;
}
