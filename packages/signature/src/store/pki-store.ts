import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { signatureError } from '../errors';
import { createRootCa, issueKey, unlockCa, type RootCa, type UnlockedCa } from '../pki/ca';
import { Certificate } from '../pki/certificate';
import type { TrustOptions } from '../pki/chain';
import { crlFromBytes, crlToPem, issueCrl, revocationReasons, type RevocationReason } from '../pki/crl';
import { createKeyStore } from '../pki/keystore';
import type { DistinguishedName } from '../pki/names';
import { parseSealRecord, type SealRecord } from '../seal/record';

/**
 * A deployment's PKI on disk (see docs/signatures.md):
 *   pki.json           index: issued certificates, revocations, CRL number
 *   ca/root.pem        root certificate;  ca/root.key.pem  its key, encrypted under the CA passphrase
 *   ca/crl.pem         the latest CRL
 *   certs/<serial>.pem issued certificates;  keystores/<name>.p12  key stores (PIN-protected)
 *   seals/<id>.seal    registered seal records (DER)
 */
const indexSchema = z.object({
  version: z.literal(1),
  crlNumber: z.number().int().min(0),
  certificates: z.array(
    z.object({
      serial: z.string(),
      profile: z.enum(['seal', 'personal']),
      subject: z.string(),
      notAfter: z.string(),
      keyStore: z.string(),
      revoked: z
        .object({
          at: z.string(),
          reason: z.enum(Object.keys(revocationReasons) as [RevocationReason, ...RevocationReason[]]),
        })
        .optional(),
    }),
  ),
});
type PkiIndex = z.infer<typeof indexSchema>;
export type IssuedEntry = PkiIndex['certificates'][number];

const files = {
  index: 'pki.json',
  rootCert: 'ca/root.pem',
  rootKey: 'ca/root.key.pem',
  crl: 'ca/crl.pem',
  certs: 'certs',
  keyStores: 'keystores',
  seals: 'seals',
} as const;

async function writeAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, data, { mode: 0o600 });
  await rename(temp, file);
}

const storeInvalid = (dir: string, why: string): Error =>
  signatureError(
    'PKI_STORE_INVALID',
    `${dir} 不是有效的 PKI 目录（${why}）。先运行 oa pki init。`,
    `${dir} is not a valid PKI directory (${why}). Run oa pki init first.`,
  );

export class PkiStore {
  private constructor(
    readonly dir: string,
    readonly root: RootCa,
    private index: PkiIndex,
  ) {}

  /** Creates the root CA and an empty index. Refuses an existing PKI (PKI_STORE_EXISTS). */
  static async init(dir: string, options: { subject: DistinguishedName; passphrase: string }): Promise<PkiStore> {
    if (existsSync(path.join(dir, files.index))) {
      throw signatureError(
        'PKI_STORE_EXISTS',
        `${dir} 中已有 PKI，不会覆盖。`,
        `${dir} already holds a PKI; it is not overwritten.`,
      );
    }
    const root = await createRootCa(options);
    await writeAtomic(path.join(dir, files.rootCert), root.certificate.toPem());
    await writeAtomic(path.join(dir, files.rootKey), root.encryptedKeyPem);
    const store = new PkiStore(dir, root, { version: 1, crlNumber: 0, certificates: [] });
    // An empty CRL from the start, so verifiers can check revocation from day one.
    await store.publishCrl(store.unlock(options.passphrase));
    return store;
  }

  static async open(dir: string): Promise<PkiStore> {
    let indexText: string;
    let certPem: string;
    let keyPem: string;
    try {
      [indexText, certPem, keyPem] = (await Promise.all(
        [files.index, files.rootCert, files.rootKey].map((f) => readFile(path.join(dir, f), 'utf8')),
      )) as [string, string, string];
    } catch {
      throw storeInvalid(dir, 'missing files');
    }
    const parsed = indexSchema.safeParse(JSON.parse(indexText));
    if (!parsed.success) throw storeInvalid(dir, 'pki.json');
    return new PkiStore(dir, { certificate: Certificate.fromPem(certPem), encryptedKeyPem: keyPem }, parsed.data);
  }

  private async saveIndex(): Promise<void> {
    await writeAtomic(path.join(this.dir, files.index), `${JSON.stringify(this.index, null, 2)}\n`);
  }

  unlock(passphrase: string): UnlockedCa {
    return unlockCa(this.root, passphrase);
  }

  get issued(): readonly IssuedEntry[] {
    return this.index.certificates;
  }

  /** Issues a key and certificate and writes them as a PIN-protected PKCS#12 key store. */
  async issue(
    passphrase: string,
    options: { profile: 'seal' | 'personal'; subject: DistinguishedName; pin: string; name?: string },
  ): Promise<{ certificate: Certificate; keyStoreFile: string }> {
    const ca = this.unlock(passphrase);
    const issued = await issueKey(ca, { profile: options.profile, subject: options.subject });
    const p12 = createKeyStore({ ...issued, pin: options.pin });
    const serial = issued.certificate.serialHex;
    const name = (options.name ?? serial).replace(/[^\p{L}\p{N}._-]/gu, '_');
    const keyStoreFile = path.join(this.dir, files.keyStores, `${name}.p12`);
    await writeAtomic(keyStoreFile, p12);
    await writeAtomic(path.join(this.dir, files.certs, `${serial}.pem`), issued.certificate.toPem());
    this.index.certificates.push({
      serial,
      profile: options.profile,
      subject: issued.certificate.subjectText,
      notAfter: issued.certificate.notAfter.toISOString(),
      keyStore: path.relative(this.dir, keyStoreFile),
    });
    await this.saveIndex();
    return { certificate: issued.certificate, keyStoreFile };
  }

  async certificate(serial: string): Promise<Certificate> {
    const normalized = serial.toUpperCase().replace(/^0+/, '');
    const entry = this.index.certificates.find((c) => c.serial === normalized);
    if (!entry)
      throw signatureError(
        'CERT_NOT_FOUND',
        `找不到序列号为 ${serial} 的证书。`,
        `No certificate with serial ${serial}.`,
      );
    return Certificate.fromPem(await readFile(path.join(this.dir, files.certs, `${entry.serial}.pem`), 'utf8'));
  }

  /** Marks a certificate revoked and publishes a new CRL. */
  async revoke(passphrase: string, serial: string, reason: RevocationReason, at = new Date()): Promise<Buffer> {
    const certificate = await this.certificate(serial);
    const entry = this.index.certificates.find((c) => c.serial === certificate.serialHex)!;
    const ca = this.unlock(passphrase);
    entry.revoked ??= { at: at.toISOString(), reason };
    return this.publishCrl(ca);
  }

  /** Issues a fresh CRL (next CRL number) with every revocation so far, and saves it. */
  async publishCrl(ca: UnlockedCa): Promise<Buffer> {
    this.index.crlNumber += 1;
    const revoked = this.index.certificates
      .filter((c) => c.revoked)
      .map((c) => ({ serial: BigInt(`0x${c.serial}`), revokedAt: new Date(c.revoked!.at), reason: c.revoked!.reason }));
    const der = await issueCrl(ca, { revoked, crlNumber: BigInt(this.index.crlNumber) });
    await writeAtomic(path.join(this.dir, files.crl), crlToPem(der));
    await this.saveIndex();
    return der;
  }

  async saveSeal(record: SealRecord): Promise<string> {
    const file = path.join(this.dir, files.seals, `${record.id}.seal`);
    await writeAtomic(file, record.der);
    return file;
  }

  async seal(id: string): Promise<SealRecord> {
    const file = path.join(this.dir, files.seals, `${id}.seal`);
    if (!existsSync(file)) throw signatureError('SEAL_RECORD_INVALID', `找不到印章 ${id}。`, `No seal with id ${id}.`);
    return parseSealRecord(await readFile(file));
  }

  async sealIds(): Promise<string[]> {
    const dir = path.join(this.dir, files.seals);
    if (!existsSync(dir)) return [];
    return (await readdir(dir))
      .filter((f) => f.endsWith('.seal'))
      .map((f) => f.slice(0, -'.seal'.length))
      .sort();
  }

  /** The trust a verifier in this deployment uses: the root and the latest CRL. */
  async trust(): Promise<TrustOptions> {
    const crlFile = path.join(this.dir, files.crl);
    const crls = existsSync(crlFile) ? [crlFromBytes(await readFile(crlFile))] : [];
    return { trustedRoots: [this.root.certificate], crls };
  }

  get crlFile(): string {
    return path.join(this.dir, files.crl);
  }
}
