import { signatureError } from '../errors';
import { Certificate, issueCertificate, type CertificateProfile, type Issuer } from './certificate';
import { generateRsaSigner } from './keys';
import { distinguishedNameSchema, type DistinguishedName } from './names';
import { SoftwareRsaSigner } from './signer';

/** Validity periods in days, per certificate kind (domain data, not scattered literals). */
export const validityDays: Record<CertificateProfile, number> = {
  'root-ca': 20 * 365,
  seal: 5 * 365,
  personal: 3 * 365,
};

/** Backdating of notBefore, so clocks a little behind still accept a fresh certificate. */
const clockSkewMs = 10 * 60 * 1000;

export interface RootCa {
  certificate: Certificate;
  /** The CA key as encrypted PKCS#8 PEM (AES-256-CBC under the passphrase). */
  encryptedKeyPem: string;
}

export interface UnlockedCa extends Issuer {
  certificate: Certificate;
}

function validity(profile: CertificateProfile, now: Date, days?: number): { notBefore: Date; notAfter: Date } {
  const notBefore = new Date(now.getTime() - clockSkewMs);
  const notAfter = new Date(now.getTime() + (days ?? validityDays[profile]) * 86_400_000);
  return { notBefore, notAfter };
}

function parseSubject(subject: DistinguishedName): DistinguishedName {
  const parsed = distinguishedNameSchema.safeParse(subject);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    throw signatureError(
      'SUBJECT_INVALID',
      `证书主体信息无效：${where} ${issue?.message ?? ''}`.trim(),
      `Invalid certificate subject: ${where} ${issue?.message ?? ''}`.trim(),
    );
  }
  return parsed.data;
}

function checkPassphrase(passphrase: string): void {
  if (passphrase.length < 8) {
    throw signatureError(
      'CA_BAD_PASSPHRASE',
      'CA 口令至少需要 8 个字符。',
      'The CA passphrase needs at least 8 characters.',
    );
  }
}

/** Creates a deployment root CA: a self-signed certificate and its key encrypted under the passphrase. */
export async function createRootCa(options: {
  subject: DistinguishedName;
  passphrase: string;
  now?: Date;
  days?: number;
}): Promise<RootCa> {
  checkPassphrase(options.passphrase);
  const subject = parseSubject(options.subject);
  const signer = await generateRsaSigner();
  const certificate = await issueCertificate(
    {
      subject,
      subjectPublicKeyInfo: signer.publicKeyInfo,
      profile: 'root-ca',
      ...validity('root-ca', options.now ?? new Date(), options.days),
    },
    { signer },
  );
  return { certificate, encryptedKeyPem: signer.exportEncrypted(options.passphrase) };
}

/** Decrypts the CA key; a wrong passphrase is CA_BAD_PASSPHRASE, a key that does not match CA_INVALID. */
export function unlockCa(ca: RootCa, passphrase: string): UnlockedCa {
  let signer: SoftwareRsaSigner;
  try {
    signer = SoftwareRsaSigner.fromPem(ca.encryptedKeyPem, passphrase);
  } catch {
    throw signatureError(
      'CA_BAD_PASSPHRASE',
      'CA 口令错误，无法解锁根证书私钥。',
      'Wrong CA passphrase: the CA key cannot be unlocked.',
    );
  }
  if (!ca.certificate.matchesKey(signer.publicKeyInfo)) {
    throw signatureError('CA_INVALID', 'CA 私钥与根证书不匹配。', 'The CA key does not match the CA certificate.');
  }
  return { certificate: ca.certificate, signer };
}

export interface IssuedKey {
  certificate: Certificate;
  signer: SoftwareRsaSigner;
  /** Issuer first … root last (the issued certificate is not included). */
  chain: Certificate[];
}

/**
 * Issues a key pair and certificate for an agency seal (subject with the agency's Chinese name
 * and 统一社会信用代码) or a person (leader, staff).
 */
export async function issueKey(
  ca: UnlockedCa,
  options: { subject: DistinguishedName; profile: 'seal' | 'personal'; now?: Date; days?: number },
): Promise<IssuedKey> {
  const subject = parseSubject(options.subject);
  if (options.profile === 'seal' && (!subject.organization || !subject.organizationIdentifier)) {
    throw signatureError(
      'SUBJECT_INVALID',
      '印章证书的主体必须包含机关名称（O）和统一社会信用代码（organizationIdentifier）。',
      'A seal certificate subject needs the agency name (O) and its unified social credit code (organizationIdentifier).',
    );
  }
  const signer = await generateRsaSigner();
  const certificate = await issueCertificate(
    {
      subject,
      subjectPublicKeyInfo: signer.publicKeyInfo,
      profile: options.profile,
      ...validity(options.profile, options.now ?? new Date(), options.days),
    },
    ca,
  );
  return { certificate, signer, chain: [ca.certificate] };
}
