import { readFileSync } from 'node:fs';
import {
  Certificate,
  crlFromBytes,
  validateChain,
  verifyBytes,
  verifyPdf,
  verifyPdfByteRanges,
  type FindingCode,
  type CmsVerification,
  type ParsedCrl,
  type TrustOptions,
} from '@oa/signature';
import { OaError, isOaError } from '@oa/shared';
import type { CertificateInfo, DetachedCheck, PdfSignatureCheck, SealVerifier, SignerCheck } from './verifier';

function info(certificate: Certificate): CertificateInfo {
  return {
    der: new Uint8Array(certificate.der),
    fingerprint: certificate.fingerprint,
    subject: certificate.subjectText,
    organizationIdentifier: certificate.subject.organizationIdentifier,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
  };
}

function problemText(result: CmsVerification): string {
  return result.findings
    .filter((f) => f.severity === 'invalid' || f.severity === 'indeterminate')
    .map((f) => `${f.code}: ${f.message.en}`)
    .join('; ');
}

/** The signer of a CMS signature and how far the deployment's PKI vouches for it. */
function signerOf(result: CmsVerification): SignerCheck | undefined {
  if (!result.signer) return undefined;
  const { chain, revocation, certificateValidAtSigningTime } = result.checks;
  const trust =
    chain !== 'trusted'
      ? 'untrusted'
      : revocation === 'revoked'
        ? 'revoked'
        : certificateValidAtSigningTime === false
          ? 'expired'
          : 'trusted';
  const problem = problemText(result);
  return {
    fingerprint: result.signer.fingerprint,
    subject: result.signer.subject,
    trust,
    ...(trust === 'trusted' || problem === '' ? {} : { problem }),
  };
}

/** Findings about trust (chain, validity, revocation): the seal policy judges those from SignerCheck. */
const trustFindings = new Set<FindingCode>([
  'CHAIN_UNTRUSTED',
  'CHAIN_BROKEN',
  'CERT_REVOKED',
  'CERT_NOT_VALID_AT_SIGNING_TIME',
]);

/** Whether the signature itself holds: digest, value, signing certificate, byte range, seal record, stamp. */
const intact = (result: CmsVerification): boolean =>
  result.signer !== undefined &&
  result.checks.digest &&
  result.checks.signatureValue &&
  result.checks.signingCertificate !== false &&
  !result.findings.some((f) => f.severity === 'invalid' && !trustFindings.has(f.code));

/** The hub's SealVerifier over @oa/signature, trusting the configured roots and CRLs. */
export class SignatureSealVerifier implements SealVerifier {
  constructor(private readonly trust: TrustOptions) {}

  static fromFiles(rootFiles: readonly string[], crlFiles: readonly string[]): SignatureSealVerifier {
    const read = (file: string, what: { zh: string; en: string }) => {
      try {
        return readFileSync(file);
      } catch (error) {
        throw new OaError('CONFIG_UNREADABLE', {
          zh: `无法读取${what.zh} ${file}（${(error as Error).message}）。`,
          en: `Cannot read the ${what.en} ${file} (${(error as Error).message}).`,
        });
      }
    };
    const trustedRoots = rootFiles.flatMap((file) =>
      Certificate.allFromPem(read(file, { zh: '根证书', en: 'root certificate' }).toString('latin1')),
    );
    const crls: ParsedCrl[] = crlFiles.map((file) => crlFromBytes(read(file, { zh: '证书吊销列表', en: 'CRL' })));
    return new SignatureSealVerifier({ trustedRoots, crls });
  }

  parseCertificate(input: Uint8Array | string): CertificateInfo {
    return info(typeof input === 'string' ? Certificate.fromPem(input) : Certificate.fromDer(input));
  }

  checkCertificate(certificate: CertificateInfo, at: Date): SignerCheck {
    const result = validateChain(Certificate.fromDer(certificate.der), [], this.trust, at);
    const base = { fingerprint: certificate.fingerprint, subject: certificate.subject };
    if (result.status !== 'trusted') {
      return { ...base, trust: 'untrusted', problem: `the chain is ${result.status}` };
    }
    if (result.revocation === 'revoked') return { ...base, trust: 'revoked', problem: 'revoked by CRL' };
    if (result.notValidAt.length > 0) return { ...base, trust: 'expired', problem: 'outside its validity period' };
    return { ...base, trust: 'trusted' };
  }

  async verifyDetached(content: Uint8Array, signature: Uint8Array): Promise<DetachedCheck> {
    const result = verifyBytes(content, signature, this.trust);
    const signer = signerOf(result);
    if (!signer || !intact(result)) return { ok: false, problem: problemText(result) || 'invalid signature' };
    return { ok: true, signer };
  }

  /**
   * A PDF with one signature over the whole file and no seal record is checked from its bytes
   * alone (ByteRange + CMS: the file is exactly what the signer signed); anything else — several
   * signatures (pages may have changed between them), a seal record (its stamp must match), no
   * signature found — gets the full structural verification.
   */
  async verifyPdf(pdf: Uint8Array): Promise<PdfSignatureCheck[]> {
    const scanned = verifyPdfByteRanges(pdf, this.trust);
    const only = scanned.length === 1 ? scanned[0]! : undefined;
    if (only && only.coversWholeDocument && !only.hasSealRecord) return [this.pdfCheck(only)];
    let report;
    try {
      report = await verifyPdf(pdf, this.trust);
    } catch (error) {
      const reason = isOaError(error) ? error.text.en : (error as Error).message;
      return [{ intact: false, coversWholeDocument: false, problem: `not a readable PDF (${reason})` }];
    }
    return report.signatures.map((signature) => this.pdfCheck(signature));
  }

  private pdfCheck(signature: CmsVerification & { coversWholeDocument: boolean }): PdfSignatureCheck {
    const signer = signerOf(signature);
    const ok = intact(signature);
    return {
      intact: ok,
      coversWholeDocument: signature.coversWholeDocument,
      ...(signer ? { signer } : {}),
      ...(ok ? {} : { problem: problemText(signature) }),
    };
  }
}
