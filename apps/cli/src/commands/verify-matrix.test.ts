/**
 * The e-seal issue's acceptance checks through the command line: a typeset joint 函 carrying a
 * leader's sign-off and both agencies' seals is accepted by pdfsig, openssl and qpdf, and every
 * tampering case gets its verdict, exit code and reason from `oa verify` without a crash.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFName, PDFRef, type PDFDict } from 'pdf-lib';
import {
  appendIncrementalUpdate,
  createKeyStore,
  createRootCa,
  crlToPem,
  issueCrl,
  issueKey,
  loadPdf,
  openKeyStore,
  sealPdf,
  signOffPdf,
  signPdf,
  unlockCa,
  type KeyStore,
  type RootCa,
  type SealRecord,
  type UnlockedCa,
} from '@oa/signature';
import { createNssTrust, opensslCmsVerify, pdfsigText, registerDemoSeal } from '@oa/signature/testing';
import type { SealPosition } from '@oa/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oa, repoRoot } from '../test-support';

const pin = '246810';
const finance = { name: '江苏省财政厅', code: '11320000014101881M' };
const education = { name: '江苏省教育厅', code: '113200000141020595' };

let dir: string;
let root: RootCa;
let ca: UnlockedCa;
let leader: KeyStore;
const seals: { key: KeyStore; record: SealRecord }[] = [];
let positions: SealPosition[];
let unsigned: Buffer;
let signedOff: Buffer;
let sealed: Buffer;
let nss: string;

const file = (name: string, bytes?: Uint8Array) => {
  const target = path.join(dir, name);
  if (bytes) writeFileSync(target, bytes);
  return target;
};

async function keyStoreFor(
  subject: Parameters<typeof issueKey>[1]['subject'],
  profile: 'seal' | 'personal',
  options: { now?: Date; days?: number } = {},
) {
  const key = await issueKey(ca, { subject, profile, ...options });
  return openKeyStore(createKeyStore({ ...key, pin }), pin);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'oa-verify-matrix-'));
  const typeset = await oa(
    'typeset',
    path.join(repoRoot, 'docs/examples/joint-letter.json'),
    '-o',
    file('letter.pdf'),
    '--json',
  );
  expect(typeset.code, typeset.stderr).toBe(0);
  positions = (JSON.parse(typeset.stdout) as { sealPositions: SealPosition[] }).sealPositions;
  unsigned = readFileSync(file('letter.pdf'));

  root = await createRootCa({
    subject: { commonName: '江苏省电子政务根证书', organization: '江苏省人民政府', country: 'CN' },
    passphrase: 'root-passphrase',
  });
  ca = unlockCa(root, 'root-passphrase');
  file('root.pem', Buffer.from(root.certificate.toPem()));
  leader = await keyStoreFor(
    { commonName: '王红', organization: finance.name, title: '厅长', country: 'CN' },
    'personal',
  );
  for (const agency of [finance, education]) {
    const key = await keyStoreFor(
      {
        commonName: `${agency.name}公章`,
        organization: agency.name,
        organizationIdentifier: agency.code,
        country: 'CN',
      },
      'seal',
    );
    const record = await registerDemoSeal(ca, key.certificate, agency);
    seals.push({ key, record });
  }
  signedOff = await signOffPdf(unsigned, { keyStore: leader, opinion: '同意印发。' });
  let pdf = signedOff;
  for (const [i, seal] of seals.entries()) {
    const position = positions.find((p) => p.issuerCode === [finance, education][i]!.code)!;
    pdf = await sealPdf(pdf, {
      keyStore: seal.key,
      record: seal.record,
      placement: { kind: 'seal-position', position },
    });
  }
  sealed = pdf;
  file('sealed.pdf', sealed);
  nss = createNssTrust(dir, root.certificate);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface VerifyJson {
  verdict: string;
  findings: { code: string }[];
  signatures: { role?: string; verdict: string; findings: { code: string }[]; seal?: { stampMatches: boolean } }[];
}

async function verify(bytes: Uint8Array | string, ...extra: string[]) {
  const target = typeof bytes === 'string' ? bytes : file(`case-${Math.random().toString(36).slice(2)}.pdf`, bytes);
  const result = await oa('verify', target, '--trust', file('root.pem'), '--json', ...extra);
  const report = result.code === 2 ? undefined : (JSON.parse(result.stdout) as VerifyJson);
  const codes = report ? [...report.findings, ...report.signatures.flatMap((s) => s.findings)].map((f) => f.code) : [];
  return { ...result, report, codes };
}

const pdfsig = (target: string) => pdfsigText(nss, target);

/** The length of the DER element at the start of `der` (its header and contents). */
function derLength(der: Buffer): number {
  const first = der[1]!;
  if (first < 0x80) return 2 + first;
  const octets = first & 0x7f;
  return 2 + octets + der.subarray(2, 2 + octets).reduce((length, byte) => length * 256 + byte, 0);
}

/** Each signature's CMS and the bytes it covers, cut out of the file by its /ByteRange. */
function extractSignatures(bytes: Buffer): { cms: Buffer; content: Buffer }[] {
  const text = bytes.toString('latin1');
  return [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].map((m) => {
    const [a, b, c, d] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
    const contents = Buffer.from(text.slice(a + b + 1, c - 1), 'hex'); // the DER, then zero padding
    return {
      cms: contents.subarray(0, derLength(contents)),
      content: Buffer.concat([bytes.subarray(a, a + b), bytes.subarray(c, c + d)]),
    };
  });
}

describe('a joint 函 with a sign-off and two agency seals', () => {
  it('verifies in oa verify: three valid signatures, each seal the registered one', async () => {
    const result = await verify(sealed);
    expect(result.code).toBe(0);
    expect(result.report!.signatures.map((s) => [s.role, s.verdict, s.seal?.stampMatches])).toEqual([
      ['sign-off', 'valid', undefined],
      ['seal', 'valid', true],
      ['seal', 'valid', true],
    ]);
  });

  it('is valid and trusted in pdfsig, each signature verifies with openssl cms, and qpdf finds no damage', () => {
    const text = pdfsig(file('sealed.pdf'));
    expect(text.match(/Signature is Valid\./g)).toHaveLength(3);
    expect(text.match(/Certificate is Trusted\./g)).toHaveLength(3);
    const signatures = extractSignatures(sealed);
    expect(signatures).toHaveLength(3);
    for (const [i, signature] of signatures.entries()) {
      const checked = opensslCmsVerify(
        file('root.pem'),
        file(`sig-${i}.p7s`, signature.cms),
        file(`content-${i}.bin`, signature.content),
      );
      expect(checked).toEqual({ ok: true, output: '' });
    }
    execFileSync('qpdf', ['--check', file('sealed.pdf')]);
  });

  it('shows each red seal, pressing on its agency’s signature and date', () => {
    const dpi = 36;
    const page = positions[0]!.page;
    execFileSync('pdftoppm', [
      '-r',
      String(dpi),
      '-f',
      String(page + 1),
      '-l',
      String(page + 1),
      file('sealed.pdf'),
      path.join(dir, 'seal'),
    ]);
    const ppm = readFileSync(path.join(dir, `seal-${String(page + 1)}.ppm`));
    const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.toString('latin1', 0, 40))!;
    const [width, height] = [Number(header[1]), Number(header[2])];
    const pixels = ppm.subarray(header[0].length);
    const scale = dpi / 72;
    for (const position of positions) {
      let red = 0;
      let total = 0;
      const radius = (position.diameter / 2) * scale;
      const cx = position.centerX * scale;
      const cy = height - position.centerY * scale;
      for (let y = Math.floor(cy - radius); y < cy + radius; y++) {
        for (let x = Math.floor(cx - radius); x < cx + radius; x++) {
          if ((x - cx) ** 2 + (y - cy) ** 2 > radius ** 2 || x < 0 || y < 0 || x >= width || y >= height) continue;
          const i = (y * width + x) * 3;
          total++;
          if (pixels[i]! > 180 && pixels[i + 1]! < 120 && pixels[i + 2]! < 120) red++;
        }
      }
      // A round seal's ring, star and lettering cover a good part of its disc.
      expect(red / total, position.issuerName).toBeGreaterThan(0.1);
    }
  });
});

describe('tampering, case by case (oa verify)', () => {
  it('a byte changed inside a signed range: invalid, digest mismatch (pdfsig agrees)', async () => {
    const tampered = Buffer.from(sealed);
    tampered[11] = tampered[11]! ^ 0x01;
    const result = await verify(tampered);
    expect(result.code).toBe(1);
    expect(result.codes).toContain('DIGEST_MISMATCH');
    expect(pdfsig(file('flip.pdf', tampered))).toContain('Digest Mismatch.');
  });

  it('page text changed by a later incremental update: invalid here, though pdfsig still says valid', async () => {
    const pdf = await loadPdf(sealed);
    const page = pdf.doc.getPage(0);
    const content = pdf.doc.context.register(pdf.doc.context.flateStream('BT /F1 40 Tf 100 500 Td (VOID) Tj ET'));
    page.node.set(PDFName.of('Contents'), content);
    const changed = appendIncrementalUpdate(pdf, [
      { ref: page.ref, object: page.node },
      { ref: content, object: pdf.doc.context.lookup(content)! },
    ]).bytes;
    const result = await verify(changed);
    expect(result.code).toBe(1);
    expect(result.codes).toContain('CONTENT_CHANGED_AFTER_SIGNING');
    expect(pdfsig(file('changed.pdf', changed))).toContain('Signature is Valid.');
  });

  it("a seal's picture swapped for the other agency's after sealing: invalid, stamp mismatch", async () => {
    const pdf = await loadPdf(sealed);
    const widgets = pdf.doc
      .getPage(positions[0]!.page)
      .node.Annots()!
      .asArray()
      .map((ref) => [ref as PDFRef, pdf.doc.context.lookup(ref) as PDFDict] as const)
      .filter(([, dict]) => dict.get(PDFName.of('AP')) !== undefined && dict.get(PDFName.of('Rect')) !== undefined);
    const [first, second] = widgets.slice(-2) as [readonly [PDFRef, PDFDict], readonly [PDFRef, PDFDict]];
    first[1].set(PDFName.of('AP'), second[1].get(PDFName.of('AP'))!);
    const swapped = appendIncrementalUpdate(pdf, [{ ref: first[0], object: first[1] }]).bytes;
    const result = await verify(swapped);
    expect(result.code).toBe(1);
    expect(result.codes).toContain('SEAL_IMAGE_MISMATCH');
  });

  it('signed under another root: indeterminate (exit 3), chain untrusted', async () => {
    const stranger = await createRootCa({
      subject: { commonName: '其他根证书', country: 'CN' },
      passphrase: 'stranger-passphrase',
    });
    const result = await verify(file('sealed.pdf'));
    expect(result.code).toBe(0);
    const strangerPem = file('stranger.pem', Buffer.from(stranger.certificate.toPem()));
    const untrusted = await oa('verify', file('sealed.pdf'), '--trust', strangerPem, '--json');
    expect(untrusted.code).toBe(3);
    expect(untrusted.stdout).toContain('CHAIN_UNTRUSTED');
  });

  it('an expired certificate at signing time: indeterminate (exit 3)', async () => {
    const expired = await keyStoreFor({ commonName: '李强', organization: finance.name, country: 'CN' }, 'personal', {
      now: new Date(Date.now() - 10 * 86_400_000),
      days: 2,
    });
    const signed = await signPdf(unsigned, { keyStore: expired, placement: { kind: 'invisible' } });
    const result = await verify(signed);
    expect(result.code).toBe(3);
    expect(result.codes).toContain('CERT_NOT_VALID_AT_SIGNING_TIME');
  });

  it('a certificate revoked before signing: invalid, revoked (with the CRL)', async () => {
    const crl = await issueCrl(ca, {
      crlNumber: 1n,
      revoked: [
        { serial: leader.certificate.serial, revokedAt: new Date(Date.now() - 3_600_000), reason: 'keyCompromise' },
      ],
    });
    const crlFile = file('ca.crl', Buffer.from(crlToPem(crl)));
    const result = await verify(file('sealed.pdf'), '--crl', crlFile);
    expect(result.code).toBe(1);
    expect(result.codes).toContain('CERT_REVOKED');
  });

  it('a truncated file, a PDF without signatures and garbage bytes: clear answers, no crash', async () => {
    const truncated = await verify(sealed.subarray(0, Math.floor(sealed.length * 0.6)));
    expect([1, 2]).toContain(truncated.code);
    expect(truncated.stdout + truncated.stderr).toMatch(/[A-Z_]{6,}/);
    expect(truncated.stderr).not.toMatch(/\n\s+at /);

    const none = await verify(unsigned);
    expect(none.code).toBe(3);
    expect(none.codes).toContain('NO_SIGNATURES');

    const garbage = await verify(Buffer.from('这不是PDF文件 \u0000\u0001\u0002 garbage'));
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toMatch(/^PDF_[A-Z_]+: /);
  });
});
