import { signBytes, verifyBytes, type Certificate, type Signer, type TrustOptions } from '@oa/signature';
import type { PackageSignatureVerifier, PackageSigner } from './trust';

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
