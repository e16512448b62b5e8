import { parseCms, type ParsedCms } from '../cms/parse';
import type { Certificate } from '../pki/certificate';
import { validateChain, type ChainStatus, type RevocationStatus, type TrustOptions } from '../pki/chain';
import { finding, verdictOf, type Finding, type Verdict } from './findings';

export interface SignerSummary {
  commonName: string;
  organization: string | undefined;
  organizationIdentifier: string | undefined;
  subject: string;
  issuer: string;
  serial: string;
  fingerprint: string;
}

export interface CmsVerification {
  verdict: Verdict;
  signer: SignerSummary | undefined;
  /** ISO time the signature claims (CMS signing-time, else the PDF's /M). */
  signingTime: string | undefined;
  checks: {
    digest: boolean;
    signatureValue: boolean;
    signingCertificate: boolean | undefined;
    chain: ChainStatus | 'not-checked';
    revocation: RevocationStatus;
    certificateValidAtSigningTime: boolean | undefined;
  };
  findings: Finding[];
}

export function summarizeSigner(certificate: Certificate): SignerSummary {
  return {
    commonName: certificate.subject.commonName,
    organization: certificate.subject.organization,
    organizationIdentifier: certificate.subject.organizationIdentifier,
    subject: certificate.subjectText,
    issuer: certificate.issuerText,
    serial: certificate.serialHex,
    fingerprint: certificate.fingerprint,
  };
}

/** Checks a parsed CMS against its content: digest, signature value, chain, revocation, validity. */
export function evaluateCms(
  cms: ParsedCms,
  content: readonly Uint8Array[],
  trust: TrustOptions,
  claimedTime: Date | undefined,
): CmsVerification {
  const findings: Finding[] = [];
  const signingTime = cms.signingTime ?? claimedTime;
  const certificate = cms.signerCertificate;
  const { digest, signatureValue } = cms.check(content);
  if (!certificate) findings.push(finding('SIGNER_CERT_MISSING'));
  if (!cms.signatureAlgorithmSupported) findings.push(finding('SIGNATURE_ALGORITHM_UNSUPPORTED'));
  else {
    if (!digest) findings.push(finding('DIGEST_MISMATCH'));
    if (certificate && !signatureValue) findings.push(finding('SIGNATURE_VALUE_INVALID'));
  }
  if (cms.signingCertificateMatches === false) findings.push(finding('SIGNING_CERT_MISMATCH'));
  if (!cms.hasSigningCertificateV2) findings.push(finding('SIGNING_CERT_ATTRIBUTE_MISSING'));
  let chain: CmsVerification['checks']['chain'] = 'not-checked';
  let revocation: RevocationStatus = 'unknown';
  let validAtSigning: boolean | undefined;
  if (certificate) {
    const at = signingTime ?? new Date();
    const result = validateChain(certificate, cms.certificates, trust, at);
    chain = result.status;
    revocation = result.revocation;
    validAtSigning = result.notValidAt.length === 0;
    if (result.status === 'untrusted') findings.push(finding('CHAIN_UNTRUSTED'));
    if (result.status === 'broken') findings.push(finding('CHAIN_BROKEN'));
    if (!validAtSigning)
      findings.push(
        finding('CERT_NOT_VALID_AT_SIGNING_TIME', result.notValidAt.map((c) => c.subject.commonName).join(', ')),
      );
    if (result.status === 'trusted') {
      const when = result.revoked?.revokedAt.toISOString();
      if (revocation === 'revoked')
        findings.push(finding('CERT_REVOKED', `${result.revoked?.certificate.subject.commonName} @ ${when}`));
      if (revocation === 'revoked-after') findings.push(finding('CERT_REVOKED_LATER', when));
      if (revocation === 'unknown') findings.push(finding('REVOCATION_UNKNOWN'));
    }
  }
  return {
    verdict: verdictOf(findings),
    signer: certificate ? summarizeSigner(certificate) : undefined,
    signingTime: signingTime?.toISOString(),
    checks: {
      digest,
      signatureValue,
      signingCertificate: cms.signingCertificateMatches,
      chain,
      revocation,
      certificateValidAtSigningTime: validAtSigning,
    },
    findings,
  };
}

/** The verification of a signature whose CMS cannot be parsed: invalid, nothing checked. */
export function unreadableCms(): CmsVerification {
  return {
    verdict: 'invalid',
    signer: undefined,
    signingTime: undefined,
    checks: {
      digest: false,
      signatureValue: false,
      signingCertificate: undefined,
      chain: 'not-checked',
      revocation: 'unknown',
      certificateValidAtSigningTime: undefined,
    },
    findings: [finding('CMS_INVALID')],
  };
}

/**
 * Verifies a detached CMS signature over bytes (an envelope, a receipt). Never throws for a bad
 * signature: unparseable CMS is an `invalid` verdict with CMS_INVALID.
 */
export function verifyBytes(data: Uint8Array, signature: Uint8Array, trust: TrustOptions): CmsVerification {
  let cms: ParsedCms;
  try {
    cms = parseCms(signature);
  } catch {
    return unreadableCms();
  }
  return evaluateCms(cms, [data], trust, undefined);
}
