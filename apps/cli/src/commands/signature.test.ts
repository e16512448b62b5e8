import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { openKeyStore, signBytes } from '@oa/signature';
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

/** `oa pki issue --profile seal` for the test agency. */
const issueSealCertificate = (commonName: string, ...extra: string[]): ReturnType<typeof oa> =>
  oa(
    'pki',
    'issue',
    '--dir',
    pkiDir,
    '--profile',
    'seal',
    '--cn',
    commonName,
    '--org',
    agency.name,
    '--code',
    agency.code,
    ...extra,
  );

/** `oa pki issue --profile personal` for a member of the test agency. */
const issuePersonalCertificate = (commonName: string, ...extra: string[]): ReturnType<typeof oa> =>
  oa('pki', 'issue', '--dir', pkiDir, '--profile', 'personal', '--cn', commonName, '--org', agency.name, ...extra);

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
  rmSync(dir, { recursive: true, force: true });
});

describe('oa pki | seal | sign | verify', () => {
  it('sets up a PKI, registers a seal, signs off and seals a batch, and verifies with exit codes', async () => {
    const init = await oa('pki', 'init', '--dir', pkiDir, '--cn', '江宁市电子政务根证书', '--org', '江宁市人民政府');
    expect(init.code).toBe(0);
    expect((await oa('pki', 'init', '--dir', pkiDir, '--cn', 'again')).err).toContain('PKI_STORE_EXISTS');

    const seal = await issueSealCertificate(`${agency.name}公章`, '--name', 'office-seal');
    expect(seal.code).toBe(0);
    sealSerial = /serial ([0-9A-F]+)/.exec(seal.out)![1]!;
    const leader = await issuePersonalCertificate('张伟', '--title', '主任', '--name', 'zhang-wei');
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

    // The typesetter's `oa typeset --json` output: the seal goes to its agency's position.
    const typesetResult = path.join(dir, 'typeset.json');
    const positionOf = (issuerCode: string, centerX: number) => ({
      issuerCode,
      issuerName: agency.name,
      page: 0,
      centerX,
      centerY: 200,
      diameter: 119,
    });
    writeFileSync(
      typesetResult,
      JSON.stringify({ sealPositions: [positionOf('11110000000013240H', 150), positionOf(agency.code, 420)] }),
    );
    const positioned = await oa(
      'sign',
      path.join(dir, 'b.signed.pdf'),
      ...keyStore('office-seal'),
      ...officeSeal,
      '--position',
      typesetResult,
      '--out',
      path.join(dir, 'b.sealed.pdf'),
    );
    expect(positioned.code).toBe(0);
    const placed = await oa('verify', path.join(dir, 'b.sealed.pdf'), '--pki', pkiDir, '--json');
    expect((JSON.parse(placed.out) as { signatures: Array<{ rect?: number[] }> }).signatures[1]!.rect).toEqual([
      360.5, 140.5, 479.5, 259.5,
    ]);

    const human = await oa('verify', path.join(dir, 'a.sealed.pdf'), '--pki', pkiDir);
    expect(human.out).toContain('opinion: 同意印发。');
    expect(human.out).toContain('stamp is the registered image: yes');
    expect(human.out).toContain('chain: trusted; revocation: not revoked');
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
    // With the PKI at hand, oa sign refuses a revoked certificate before touching any document.
    expect((await oa('pki', 'revoke', sealSerial, '--dir', pkiDir)).code).toBe(0);
    const at = ['--x', '300', '--y', '300'];
    const refused = await oa('sign', path.join(dir, 'b.signed.pdf'), ...keyStore('office-seal'), ...officeSeal, ...at);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('CERT_REVOKED');
    // Without it (the seal record file alone) the signature is made, and verification says invalid (exit 1).
    const sealFile = path.join(pkiDir, 'seals/jn-office-1.seal');
    const late = await oa(
      'sign',
      path.join(dir, 'b.signed.pdf'),
      ...keyStore('office-seal'),
      '--seal',
      sealFile,
      ...at,
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

describe('oa verify --signature (envelopes, receipts)', () => {
  it('verifies a detached CMS over a file: exit 0 for the data, 1 for changed data', async () => {
    const data = Buffer.from('{"receipt":"签收","document":"江政办发〔2026〕12号"}');
    await issuePersonalCertificate('王芳', '--name', 'wang-fang');
    const keyStore = openKeyStore(readFileSync(path.join(pkiDir, 'keystores/wang-fang.p12')), secretsEnv.OA_PIN);
    writeFileSync(path.join(dir, 'receipt.json'), data);
    writeFileSync(path.join(dir, 'receipt.p7s'), await signBytes(data, keyStore));
    writeFileSync(path.join(dir, 'receipt-changed.json'), Buffer.concat([data, Buffer.from(' ')]));
    const ok = await oa(
      'verify',
      path.join(dir, 'receipt.json'),
      '--signature',
      path.join(dir, 'receipt.p7s'),
      '--pki',
      pkiDir,
    );
    expect(ok.out).toContain(`valid — 王芳 (${agency.name})`);
    expect(ok.code).toBe(0);
    const changed = await oa(
      'verify',
      path.join(dir, 'receipt-changed.json'),
      '--signature',
      path.join(dir, 'receipt.p7s'),
      '--pki',
      pkiDir,
    );
    expect(changed.code).toBe(1);
    expect(changed.out).toContain('DIGEST_MISMATCH');
  });
});

describe('oa seal import', () => {
  it('registers an official PNG image and refuses a file that is not an image', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    writeFileSync(path.join(dir, 'official.png'), png);
    const args = [
      '--dir',
      pkiDir,
      '--kind',
      'official',
      '--name',
      agency.name,
      '--agency',
      agency.name,
      '--code',
      agency.code,
    ];
    const issued = await issueSealCertificate(`${agency.name}公章2`);
    const holder = /serial ([0-9A-F]+)/.exec(issued.out)![1]!;
    const imported = await oa(
      'seal',
      'import',
      ...args,
      '--id',
      'png-1',
      '--holder',
      holder,
      '--image',
      path.join(dir, 'official.png'),
    );
    expect(imported.code).toBe(0);
    const shown = await oa('seal', 'show', 'png-1', '--dir', pkiDir, '--export-image', path.join(dir, 'exported.png'));
    expect(shown.out).toContain('pictureType: png');
    expect(readFileSync(path.join(dir, 'exported.png')).equals(png)).toBe(true);
    const notImage = await oa(
      'seal',
      'import',
      ...args,
      '--id',
      'bad-1',
      '--holder',
      holder,
      '--image',
      path.join(dir, 'not.pdf'),
    );
    expect(notImage.code).toBe(2);
    expect(notImage.err).toContain('SEAL_IMAGE_UNSUPPORTED');
  });
});

describe('secrets on standard input', () => {
  it('oa pki init --secrets-stdin takes the CA passphrase from stdin (a separate process), never from argv', async () => {
    const stdinDir = path.join(dir, 'pki-stdin');
    const main = path.resolve(import.meta.dirname, '../main.ts');
    const env = { ...process.env, OA_CA_PASSPHRASE: '', OA_LANG: 'en' };
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', main, 'pki', 'init', '--dir', stdinDir, '--cn', '标准输入根证书', '--secrets-stdin'],
      {
        input: 'stdin-passphrase-甲乙\n',
        env,
        encoding: 'utf8',
      },
    );
    expect(output).toContain('Root CA created');
    expect(output).not.toContain('stdin-passphrase');
    process.env['OA_CA_PASSPHRASE'] = 'stdin-passphrase-甲乙';
    expect((await oa('pki', 'crl', '--dir', stdinDir)).code).toBe(0);
    process.env['OA_CA_PASSPHRASE'] = 'wrong-passphrase';
    const wrong = await oa('pki', 'crl', '--dir', stdinDir);
    process.env['OA_CA_PASSPHRASE'] = secretsEnv.OA_CA_PASSPHRASE;
    expect(wrong.err).toContain('CA_BAD_PASSPHRASE');
  });
});
