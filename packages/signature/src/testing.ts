/**
 * `@oa/signature/testing`: helpers for tests and benchmarks of packages that use this one —
 * a poppler/NSS trust database for pdfsig, and a registered demo seal. Not for production code.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { issueKey, type IssuedKey, type UnlockedCa } from './pki/ca';
import type { Certificate } from './pki/certificate';
import { generateRoundSeal } from './seal/generate';
import { createSealRecord, type SealRecord } from './seal/record';

/** An NSS database under `dir` trusting `root` for signatures; returns the `sql:` path for pdfsig. */
export function createNssTrust(dir: string, root: Certificate): string {
  const nss = path.join(dir, 'nss');
  mkdirSync(nss, { recursive: true });
  const pem = path.join(dir, 'nss-root.pem');
  writeFileSync(pem, root.toPem());
  execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'root', '-t', ',C,', '-i', pem]);
  return `sql:${nss}`;
}

/** pdfsig's report on a file (it exits 0 even for bad signatures: read the text). */
export function pdfsigText(nss: string, file: string): string {
  return execFileSync('pdfsig', ['-nssdir', nss, file], { encoding: 'utf8' });
}

/** Registers the demo round seal of an agency for a seal key, valid from a minute ago for `days`. */
export function registerDemoSeal(
  ca: UnlockedCa,
  holder: Certificate,
  agency: { name: string; code: string },
  options: { id?: string; days?: number } = {},
): Promise<SealRecord> {
  const now = Date.now();
  return createSealRecord(
    ca,
    {
      id: options.id ?? `${agency.code}-1`,
      kind: 'official',
      name: agency.name,
      agencyName: agency.name,
      agencyCode: agency.code,
      validFrom: new Date(now - 60_000),
      validTo: new Date(now + (options.days ?? 1) * 86_400_000),
    },
    generateRoundSeal({ agencyName: agency.name }),
    holder,
  );
}

/** The test records office's 档案专用章 key (南京市人民政府办公厅), issued by `ca`: it signs 归档章 and packages. */
export function issueArchivistKey(ca: UnlockedCa): Promise<IssuedKey> {
  return issueKey(ca, {
    profile: 'seal',
    subject: {
      commonName: '档案专用章',
      organization: '南京市人民政府办公厅',
      organizationIdentifier: '11320100014170019X',
      country: 'CN',
    },
  });
}

/** `openssl cms -verify` of a detached signature file over a content file, trusting one root. */
export function opensslCmsVerify(
  rootPemFile: string,
  p7sFile: string,
  contentFile: string,
): { ok: boolean; output: string } {
  try {
    const output = execFileSync(
      'openssl',
      [
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        p7sFile,
        '-content',
        contentFile,
        '-CAfile',
        rootPemFile,
        '-purpose',
        'any',
        '-out',
        '/dev/null',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return { ok: true, output };
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: string }).stderr ?? error) };
  }
}
