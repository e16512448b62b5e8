import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { PNG } from 'pngjs';
import { readElement } from '../asn1/der';
import { opensslCmsVerify } from '../testing';
import { generateRoundSeal } from '../seal/generate';
import { createSealRecord } from '../seal/record';
import type { SealPicture } from '../seal/picture';
import { createRootCa, issueKey, unlockCa, type IssuedKey, type RootCa, type UnlockedCa } from '../pki/ca';

/** Test agencies: Chinese names and valid 统一社会信用代码 (GB 32100). */
export const testAgency = { name: '江宁市人民政府办公室', code: '11320100MB0123457U' } as const;
export const testRootSubject = {
  commonName: '江宁市电子政务根证书',
  organization: '江宁市人民政府',
  country: 'CN',
} as const;
export const caPassphrase = 'ca-passphrase-测试';

export interface TestPki {
  dir: string;
  root: RootCa;
  ca: UnlockedCa;
  seal: IssuedKey;
  leader: IssuedKey;
  rootPemFile: string;
}

/** One PKI per test file (RSA keygen is the slow part): root CA, an agency seal key, a leader key. */
export async function createTestPki(): Promise<TestPki> {
  const dir = mkdtempSync(path.join(tmpdir(), 'oa-sig-'));
  const root = await createRootCa({ subject: { ...testRootSubject }, passphrase: caPassphrase });
  const ca = unlockCa(root, caPassphrase);
  const seal = await issueKey(ca, {
    profile: 'seal',
    subject: {
      commonName: `${testAgency.name}公章`,
      organization: testAgency.name,
      organizationIdentifier: testAgency.code,
      country: 'CN',
    },
  });
  const leader = await issueKey(ca, {
    profile: 'personal',
    subject: { commonName: '张伟', organization: testAgency.name, title: '主任', country: 'CN' },
  });
  const rootPemFile = path.join(dir, 'root.pem');
  writeFileSync(rootPemFile, root.certificate.toPem());
  return { dir, root, ca, seal, leader, rootPemFile };
}

/** Deletes the test PKI's temporary directory (keys, NSS db, extracted files). */
export function removeTestPki(pki: TestPki | undefined): void {
  if (pki) rmSync(pki.dir, { recursive: true, force: true });
}

/** A plain PDF made with pdf-lib (object streams on, as pdf-lib saves by default). */
/** The test agency's official seal record (valid from a minute ago for a day), by default with the round seal picture. */
export async function officialSealRecord(
  pki: TestPki,
  id: string,
  picture: SealPicture = generateRoundSeal({ agencyName: testAgency.name }),
) {
  return createSealRecord(
    pki.ca,
    {
      id,
      kind: 'official',
      name: testAgency.name,
      agencyName: testAgency.name,
      agencyCode: testAgency.code,
      validFrom: new Date(Date.now() - 60_000),
      validTo: new Date(Date.now() + 86_400_000),
    },
    picture,
    pki.seal.certificate,
  );
}

export async function makePdf(pages = 1, text = 'Official document'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595.28, 841.89]);
    page.drawText(`${text} - page ${i + 1}`, { x: 72, y: 760, size: 14, font });
  }
  return Buffer.from(await doc.save());
}

export interface PdfsigResult {
  output: string;
  signatures: Array<{ valid: boolean; trusted: boolean; total: boolean; text: string }>;
}

/** Runs poppler's pdfsig with an NSS db that trusts the test root (it exits 0 even when invalid). */
export function pdfsig(pki: TestPki, pdf: Buffer): PdfsigResult {
  const nss = path.join(pki.dir, 'nss');
  try {
    execFileSync('certutil', ['-L', '-d', `sql:${nss}`], { stdio: 'ignore' });
  } catch {
    execFileSync('mkdir', ['-p', nss]);
    execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
    execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'root', '-t', ',C,', '-i', pki.rootPemFile]);
  }
  const file = path.join(pki.dir, `check-${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const output = execFileSync('pdfsig', ['-nssdir', `sql:${nss}`, file], { encoding: 'utf8' });
  const blocks = output.split(/^Signature #\d+:/m).slice(1);
  return {
    output,
    signatures: blocks.map((text) => ({
      valid: text.includes('Signature is Valid.'),
      trusted: text.includes('Certificate is Trusted.'),
      total: text.includes('Total document signed'),
      text,
    })),
  };
}

/** `qpdf --check`: throws with qpdf's output when the file has structural errors. */
export function qpdfCheck(dir: string, pdf: Buffer): string {
  const file = path.join(dir, `qpdf-${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('qpdf', ['--check', file], { encoding: 'utf8' });
}

/** Extracts signature #n's CMS and signed bytes and verifies them with `openssl cms -verify`. */
export function opensslVerify(pki: TestPki, pdf: Buffer, index: number): { ok: boolean; output: string } {
  const ranges = [...pdf.toString('latin1').matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const range = ranges[index];
  if (!range) throw new Error(`no signature #${index}`);
  const [a, b, c, d] = range.slice(1, 5).map(Number) as [number, number, number, number];
  const signed = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  const cms = readElement(Buffer.from(pdf.subarray(b + 1, c - 1).toString('latin1'), 'hex'), 0).raw;
  const base = path.join(pki.dir, `cms-${Date.now()}-${index}`);
  writeFileSync(`${base}.p7s`, cms);
  writeFileSync(`${base}.bin`, signed);
  return opensslCmsVerify(pki.rootPemFile, `${base}.p7s`, `${base}.bin`);
}

export { opensslCmsVerify };

/** A PDF like the typesetter's: an empty signature field at the seal position, saved with a classic xref table. */
export async function makePdfWithSealField(name: string, rect: [number, number, number, number]): Promise<Buffer> {
  const doc = await PDFDocument.load(await makePdf());
  const page = doc.getPage(0);
  const widget = doc.context.register(
    doc.context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      T: PDFString.of(name),
      F: 4,
      Rect: rect,
      P: page.ref,
    }),
  );
  page.node.set(PDFName.of('Annots'), doc.context.obj([widget]));
  doc.catalog.set(PDFName.of('AcroForm'), doc.context.obj({ Fields: [widget] }));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** A small PNG: a red ring on transparent background (an "official" image to import). */
export function makeSealPng(size = 64): Buffer {
  const png = new PNG({ width: size, height: size });
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const r = Math.hypot(x + 0.5 - c, y + 0.5 - c);
      const i = (y * size + x) * 4;
      const on = r < c - 1 && r > c - 6;
      png.data[i] = 230;
      png.data[i + 1] = 0;
      png.data[i + 2] = 18;
      png.data[i + 3] = on ? 255 : 0;
    }
  }
  return PNG.sync.write(png);
}
