import type { LocalizedText } from '@oa/shared';
import type { PDFDocument } from 'pdf-lib';

/**
 * What the archive needs from the PKI, as small interfaces: the CLI and the desktop wire in
 * @oa/signature's implementations (see signature-adapters.ts), so this package stays testable
 * against real signatures without knowing key stores or trust settings.
 */
export interface PackageSigner {
  /** A detached CMS signature over `data`, with the signer's name and certificate chain (DER). */
  signDetached(data: Uint8Array): Promise<{ cms: Uint8Array; signerName: string; certificates: Uint8Array[] }>;
}

export type SignatureStatus = 'valid' | 'invalid' | 'indeterminate';

export interface PackageSignatureVerifier {
  verifyDetached(
    data: Uint8Array,
    cms: Uint8Array,
  ): Promise<{ status: SignatureStatus; signerName?: string; reasons: LocalizedText[] }>;
}

export interface PdfSignatureReport {
  signer: string;
  signedAt?: string;
  /** e.g. `seal` (印章) or `sign-off` (签发). */
  kind: string;
  status: SignatureStatus;
  reasons: LocalizedText[];
}

export interface PdfSignatureVerifier {
  /** `parsed`: pdf-lib's parse of exactly these bytes, when the caller has one (not parsed again). */
  verifyPdf(bytes: Uint8Array, parsed?: PDFDocument): Promise<PdfSignatureReport[]>;
}
