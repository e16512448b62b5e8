import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { runCli } from '../program';

const dir = mkdtempSync(path.join(tmpdir(), 'oa-cli-sig-'));
const pkiDir = path.join(dir, 'pki');
const secretsEnv = { OA_CA_PASSPHRASE: 'ca-secret-口令-123', OA_NEW_PIN: '135790', OA_PIN: '135790' };
const agency = { name: '江宁市人民政府办公室', code: '11320100MB0123457U' };

async function oa(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--lang', 'en', ...argv], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const secretsSeen = (text: string): boolean => Object.values(secretsEnv).some((secret) => text.includes(secret));

const keyStore = (name: string): string[] => ['--keystore', path.join(pkiDir, `keystores/${name}.p12`)];
const officeSeal = ['--seal', 'jn-office-1', '--dir', pkiDir];

let sealSerial = '';
let leaderSerial = '';

beforeAll(async () => {
  Object.assign(process.env, secretsEnv);
  const doc = await PDFDocument.create();
  doc.addPage([595.28, 841.89]);
  for (const name of ['a', 'b']) writeFileSync(path.join(dir, `${name}.pdf`), await doc.save());
  writeFileSync(path.join(dir, 'not.pdf'), 'plain text');
});

afterAll(() => {
  for (const key of Object.keys(secretsEnv)) delete process.env[key];
});

describe('oa pki | seal | sign | verify', () => {
  it('sets up a PKI, registers a seal, signs off and seals a batch, and verifies with exit codes', async () => {
    const init = await oa('pki', 'init', '--dir', pkiDir, '--cn', '江宁市电子政务根证书', '--org', '江宁市人民政府');
    expect(init.code).toBe(0);
    expect((await oa('pki', 'init', '--dir', pkiDir, '--cn', 'again')).err).toContain('PKI_STORE_EXISTS');

    const seal = await oa(
      'pki',
      'issue',
      '--dir',
      pkiDir,
      '--profile',
      'seal',
      '--cn',
      `${agency.name}公章`,
      '--org',
      agency.name,
      '--code',
      agency.code,
      '--name',
      'office-seal',
    );
    expect(seal.code).toBe(0);
    sealSerial = /serial ([0-9A-F]+)/.exec(seal.out)![1]!;
    const leader = await oa(
      'pki',
      'issue',
      '--dir',
      pkiDir,
      '--profile',
      'personal',
      '--cn',
      '张伟',
      '--org',
      agency.name,
      '--title',
      '主任',
      '--name',
      'zhang-wei',
    );
    leaderSerial = /serial ([0-9A-F]+)/.exec(leader.out)![1]!;

    const created = await oa(
      'seal',
      'create',
      '--dir',
      pkiDir,
      '--id',
      'jn-office-1',
      '--kind',
      'document',
      '--name',
      '发文专用章',
      '--agency',
      agency.name,
      '--code',
      agency.code,
      '--holder',
      sealSerial,
    );
    expect(created.code).toBe(0);
    const shown = await oa('seal', 'show', 'jn-office-1', '--dir', pkiDir, '--json');
    expect(JSON.parse(shown.out)).toMatchObject({
      agencyCode: agency.code,
      kind: 'document',
      makerSignatureValid: 'true',
    });

    const files = ['a.pdf', 'b.pdf', 'not.pdf'].map((f) => path.join(dir, f));
    const signOff = await oa('sign', ...files, ...keyStore('zhang-wei'), '--opinion', '同意印发。');
    expect(signOff.code).toBe(1); // not.pdf failed, the others were signed
    expect(signOff.out).toContain('PDF_NOT_A_PDF');
    expect(signOff.out).toContain('2 signed, 0 skipped, 1 failed.');

    const signedA = path.join(dir, 'a.signed.pdf');
    const sealed = await oa(
      'sign',
      signedA,
      ...keyStore('office-seal'),
      ...officeSeal,
      '--page',
      '1',
      '--x',
      '420',
      '--y',
      '200',
      '--out',
      path.join(dir, 'a.sealed.pdf'),
    );
    expect(sealed.code).toBe(0);

    const verified = await oa('verify', path.join(dir, 'a.sealed.pdf'), '--pki', pkiDir, '--json');
    expect(verified.code).toBe(0);
    const report = JSON.parse(verified.out) as {
      signatures: Array<{ role: string; verdict: string; seal?: { stampMatches: boolean } }>;
    };
    expect(report.signatures.map((s) => [s.role, s.verdict])).toEqual([
      ['sign-off', 'valid'],
      ['seal', 'valid'],
    ]);
    expect(report.signatures[1]!.seal?.stampMatches).toBe(true);

    for (const output of [init, seal, leader, created, signOff, sealed, verified])
      expect(secretsSeen(output.out + output.err)).toBe(false);
  });

  it('a revoked signer makes verification fail (exit 1); a wrong PIN and a non-PDF are clear errors', async () => {
    expect((await oa('pki', 'revoke', leaderSerial, '--dir', pkiDir, '--reason', 'keyCompromise')).code).toBe(0);
    const list = await oa('pki', 'list', '--dir', pkiDir, '--json');
    expect(JSON.parse(list.out).find((c: { serial: string }) => c.serial === leaderSerial).revoked.reason).toBe(
      'keyCompromise',
    );
    // A seal applied after its certificate was revoked is invalid (exit 1), as the CRL says.
    expect((await oa('pki', 'revoke', sealSerial, '--dir', pkiDir)).code).toBe(0);
    const late = await oa(
      'sign',
      path.join(dir, 'b.signed.pdf'),
      ...keyStore('office-seal'),
      ...officeSeal,
      '--x',
      '300',
      '--y',
      '300',
    );
    expect(late.code).toBe(0);
    const revoked = await oa('verify', path.join(dir, 'b.signed.signed.pdf'), '--pki', pkiDir, '--json');
    expect(revoked.code).toBe(1);
    const sealSignature = (
      JSON.parse(revoked.out) as { signatures: Array<{ role: string; findings: Array<{ code: string }> }> }
    ).signatures[1]!;
    expect(sealSignature.role).toBe('seal');
    expect(sealSignature.findings.map((f) => f.code)).toContain('CERT_REVOKED');
    process.env['OA_PIN'] = '000000';
    const wrongPin = await oa('sign', path.join(dir, 'b.pdf'), ...keyStore('zhang-wei'), '--opinion', '同意。');
    process.env['OA_PIN'] = secretsEnv.OA_PIN;
    expect(wrongPin.code).toBe(1);
    expect(wrongPin.err).toContain('KEYSTORE_BAD_PIN');
    expect(wrongPin.err).not.toContain('000000');
    const notPdf = await oa('verify', path.join(dir, 'not.pdf'), '--pki', pkiDir);
    expect(notPdf.code).toBe(2);
    const noTrust = await oa('verify', path.join(dir, 'a.sealed.pdf'));
    expect(noTrust.code).toBe(2);
    expect(readFileSync(path.join(pkiDir, 'ca/crl.pem'), 'utf8')).toContain('BEGIN X509 CRL');
  });
});
