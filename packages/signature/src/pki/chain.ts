import type { Certificate } from './certificate';
import type { ParsedCrl } from './crl';

export type ChainStatus = 'trusted' | 'untrusted' | 'broken';
export type RevocationStatus = 'good' | 'revoked' | 'revoked-after' | 'unknown';

export interface ChainResult {
  status: ChainStatus;
  /** Leaf first, up to the trust anchor when one was reached. */
  path: Certificate[];
  /** Certificates of the path not valid at the checked time. */
  notValidAt: Certificate[];
  revocation: RevocationStatus;
  /** The revoked certificate and when, if any. */
  revoked?: { certificate: Certificate; revokedAt: Date };
}

export interface TrustOptions {
  trustedRoots: readonly Certificate[];
  crls?: readonly ParsedCrl[];
}

const maxDepth = 8;

/**
 * Builds the path from a certificate to a trusted root through the certificates at hand,
 * checking each signature, validity at `at` (the signing time), and revocation by CRL.
 */
export function validateChain(
  leaf: Certificate,
  pool: readonly Certificate[],
  trust: TrustOptions,
  at: Date,
): ChainResult {
  const candidates = [...pool, ...trust.trustedRoots];
  const path: Certificate[] = [leaf];
  let status: ChainStatus = 'untrusted';
  let current = leaf;
  for (let depth = 0; depth < maxDepth; depth++) {
    if (trust.trustedRoots.some((root) => root.der.equals(current.der))) {
      status = 'trusted';
      break;
    }
    const issuer = candidates.find((c) => c.subjectRaw.equals(current.issuerRaw) && current.isSignedBy(c));
    if (!issuer) {
      // An issuer with the right name whose key did not sign: the certificate was tampered with.
      if (candidates.some((c) => c.subjectRaw.equals(current.issuerRaw) && c !== current)) status = 'broken';
      break;
    }
    if (issuer.der.equals(current.der)) break; // self-signed but not trusted
    if (!issuer.isCa) {
      status = 'broken';
      break;
    }
    path.push(issuer);
    current = issuer;
  }
  const notValidAt = path.filter((c) => !c.isValidAt(at));
  const result: ChainResult = { status, path, notValidAt, revocation: 'unknown' };
  if (status !== 'trusted') return result;
  return { ...result, ...checkRevocation(path, trust.crls ?? [], at) };
}

function checkRevocation(
  path: readonly Certificate[],
  crls: readonly ParsedCrl[],
  at: Date,
): Pick<ChainResult, 'revocation' | 'revoked'> {
  let allChecked = true;
  for (let i = 0; i < path.length - 1; i++) {
    const certificate = path[i]!;
    const issuer = path[i + 1]!;
    const crl = crls
      .filter((c) => c.issuerRaw.equals(issuer.subjectRaw) && c.isSignedBy(issuer))
      .sort((a, b) => b.thisUpdate.getTime() - a.thisUpdate.getTime())[0];
    if (!crl) {
      allChecked = false;
      continue;
    }
    const entry = crl.revoked.get(certificate.serial.toString(16));
    if (entry) {
      return {
        revocation: entry.revokedAt <= at ? 'revoked' : 'revoked-after',
        revoked: { certificate, revokedAt: entry.revokedAt },
      };
    }
  }
  return { revocation: allChecked ? 'good' : 'unknown' };
}
