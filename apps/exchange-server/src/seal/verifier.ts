/**
 * What the hub needs from the PKI (implemented over @oa/signature in `signature-verifier.ts`):
 * read a certificate and check it against the deployment's roots and CRLs, verify a detached
 * CMS signature over bytes (envelopes, receipts, login challenges), and verify the seal
 * signatures of a PDF.
 */
export interface CertificateInfo {
  der: Uint8Array;
  /** sha256 of the DER, lowercase hex: how the hub names a registered seal. */
  fingerprint: string;
  subject: string;
  /** The holder's 统一社会信用代码, which a seal certificate carries (organizationIdentifier). */
  organizationIdentifier: string | undefined;
  notBefore: Date;
  notAfter: Date;
}

export type TrustStatus = 'trusted' | 'untrusted' | 'expired' | 'revoked';

/** A signer (or certificate) and whether the deployment's PKI vouches for it. */
export interface SignerCheck {
  fingerprint: string;
  subject: string;
  trust: TrustStatus;
  /** Why, when not trusted (for people). */
  problem?: string;
}

export type DetachedCheck = { ok: true; signer: SignerCheck } | { ok: false; problem: string };

export interface PdfSignatureCheck {
  /** The digest matches and the CMS signature is valid for the signer's key. */
  intact: boolean;
  /** The signature covers the whole file (nothing was appended after it). */
  coversWholeDocument: boolean;
  signer?: SignerCheck;
  problem?: string;
}

export interface SealVerifier {
  /** PEM or DER; throws an OaError when it is not a certificate. */
  parseCertificate(input: Uint8Array | string): CertificateInfo;
  checkCertificate(certificate: CertificateInfo, at: Date): SignerCheck;
  verifyDetached(content: Uint8Array, signature: Uint8Array): Promise<DetachedCheck>;
  verifyPdf(pdf: Uint8Array): Promise<PdfSignatureCheck[]>;
  /** Releases what the verifier holds (worker threads). */
  close?(): Promise<void>;
}
