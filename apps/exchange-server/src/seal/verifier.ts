/**
 * What the hub needs from the PKI (implemented over @oa/signature in `signature-verifier.ts`):
 * check a certificate against the deployment's roots, verify a detached CMS signature over
 * bytes (envelopes, receipts, login challenges), and verify the seal signatures of a PDF.
 */
export interface CertificateInfo {
  der: Uint8Array;
  /** sha256 of the DER, lowercase hex: how the hub names a registered seal. */
  fingerprint: string;
  subject: string;
  notBefore: Date;
  notAfter: Date;
}

export type TrustStatus = 'trusted' | 'untrusted' | 'expired' | 'revoked';

export interface CertificateCheck {
  certificate: CertificateInfo;
  trust: TrustStatus;
  /** Why, when not trusted (for people). */
  problem?: string;
}

export type DetachedCheck =
  | { ok: true; signer: CertificateCheck; signingTime?: Date }
  | { ok: false; problem: string; signer?: CertificateCheck };

export interface PdfSignatureCheck {
  /** The digest matches and the CMS signature is valid for the signer's key. */
  intact: boolean;
  /** The signature covers the whole file (nothing was appended after it). */
  coversWholeDocument: boolean;
  signer?: CertificateCheck;
  problem?: string;
}

export interface SealVerifier {
  parseCertificate(input: Uint8Array | string): CertificateInfo;
  checkCertificate(certificate: CertificateInfo, at: Date): CertificateCheck;
  verifyDetached(content: Uint8Array, signature: Uint8Array): Promise<DetachedCheck>;
  verifyPdf(pdf: Uint8Array): Promise<PdfSignatureCheck[]>;
}
