import { signBytes, verifyBytes, verifyPdf, type Certificate, type Signer, type TrustOptions } from '@oa/signature';
import type { PackageSignatureVerifier, PackageSigner, PdfSignatureVerifier } from './trust';

/** Signs packages with an agency key (e.g. unlocked from its PKCS#12 key store). */
export function packageSignerFromKey(key: {
  signer: Signer;
  certificate: Certificate;
  chain: readonly Certificate[];
}): PackageSigner {
  return {
    async signDetached(data) {
      const cms = await signBytes(data, { signer: key.signer, certificate: key.certificate, chain: key.chain });
      return {
        cms,
        signerName: key.certificate.subject.organization ?? key.certificate.subject.commonName,
        certificates: [key.certificate.der, ...key.chain.map((c) => c.der)],
      };
    },
  };
}

/** Verifies package signatures against trusted roots (and CRLs). */
export function packageVerifierFromTrust(trust: TrustOptions): PackageSignatureVerifier {
  return {
    async verifyDetached(data, cms) {
      const result = verifyBytes(data, cms, trust);
      return {
        status: result.verdict,
        ...(result.signer ? { signerName: result.signer.organization ?? result.signer.commonName } : {}),
        reasons: result.findings.filter((f) => f.severity !== 'info').map((f) => f.message),
      };
    },
  };
}

/** Verifies every signature and seal in a PDF (digest, chain, revocation, registered seal, later changes). */
export function pdfVerifierFromTrust(trust: TrustOptions): PdfSignatureVerifier {
  return {
    async verifyPdf(bytes, parsed) {
      const report = await verifyPdf(bytes, trust, parsed ? { parsed } : {});
      return report.signatures.map((signature) => ({
        signer: signature.seal?.agencyName ?? signature.signer?.organization ?? signature.signer?.commonName ?? '?',
        ...(signature.signingTime ? { signedAt: signature.signingTime } : {}),
        kind: signature.role ?? 'signature',
        status: signature.verdict,
        reasons: signature.findings
          .filter((f) => f.severity === 'invalid' || f.severity === 'indeterminate')
          .map((f) => f.message),
      }));
    },
  };
}
