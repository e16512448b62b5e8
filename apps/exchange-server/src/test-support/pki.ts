import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  PDFDocument,
  StandardFonts,
  concatTransformationMatrix,
  drawObject,
  popGraphicsState,
  pushGraphicsState,
} from 'pdf-lib';
import { composeUscc } from '@oa/shared';
import {
  createSealRecord,
  generateRoundSeal,
  sealPdf,
  signOffPdf,
  createRootCa,
  issueCrl,
  crlToPem,
  issueKey,
  signPdf,
  unlockCa,
  type IssuedKey,
  type UnlockedCa,
} from '@oa/signature';

/**
 * A real test PKI made with @oa/signature: a deployment root CA, seal keys for a small agency
 * tree (province → city → county, and a department), and sealed PDFs.
 */
/** Test agencies (机关, authority 1 category 1) with valid 统一社会信用代码: [division, org code, name, level]. */
const agencyRows = {
  province: ['320000', '00000001', '江东省人民政府办公厅', 'province'],
  city: ['320100', '00000002', '江宁市人民政府办公室', 'city'],
  county: ['320115', '00000003', '秣陵县人民政府办公室', 'county'],
  bureau: ['320100', '00000004', '江宁市教育局', 'department'],
} as const;

export const testAgencies = Object.fromEntries(
  Object.entries(agencyRows).map(([key, [division, orgCode8, name, level]]) => [
    key,
    { code: composeUscc({ authority: '1', category: '1', division, orgCode8 }), name, level },
  ]),
) as { [K in keyof typeof agencyRows]: { code: string; name: string; level: (typeof agencyRows)[K][3] } };
export type TestAgencyKey = keyof typeof testAgencies;

export interface TestPki {
  dir: string;
  ca: UnlockedCa;
  rootPemFile: string;
  /** Seal keys of the agencies asked for (all by default). */
  seals: Record<TestAgencyKey, IssuedKey>;
  /** Issues another seal key for an agency (a second seal, or one to revoke). */
  issueSeal(agency: TestAgencyKey): Promise<IssuedKey>;
  /** Removes the PKI's temporary directory. */
  remove(): void;
  /** Writes a CRL revoking these certificates and returns its file. */
  writeCrl(revoked: IssuedKey[]): Promise<string>;
}

const passphrase = 'test-ca-口令-2026';

async function sealFor(ca: UnlockedCa, agency: TestAgencyKey): Promise<IssuedKey> {
  const { code, name } = testAgencies[agency];
  return issueKey(ca, {
    profile: 'seal',
    subject: { commonName: `${name}公章`, organization: name, organizationIdentifier: code, country: 'CN' },
  });
}

export async function createTestPki(
  rootName = '江东省电子政务根证书',
  agencies: readonly TestAgencyKey[] = Object.keys(testAgencies) as TestAgencyKey[],
): Promise<TestPki> {
  const dir = mkdtempSync(path.join(tmpdir(), 'oa-hub-pki-'));
  const root = await createRootCa({
    subject: { commonName: rootName, organization: '江东省人民政府', country: 'CN' },
    passphrase,
  });
  const ca = unlockCa(root, passphrase);
  const rootPemFile = path.join(dir, `root-${Math.random().toString(36).slice(2)}.pem`);
  writeFileSync(rootPemFile, root.certificate.toPem());
  const seals = Object.fromEntries(
    await Promise.all(agencies.map(async (key) => [key, await sealFor(ca, key)] as const)),
  ) as Record<TestAgencyKey, IssuedKey>;
  let crlNumber = 1n;
  return {
    dir,
    ca,
    rootPemFile,
    seals,
    issueSeal: (agency) => sealFor(ca, agency),
    remove: () => rmSync(dir, { recursive: true, force: true }),
    writeCrl: async (revoked) => {
      const der = await issueCrl(ca, {
        crlNumber: crlNumber++,
        revoked: revoked.map((k) => ({
          serial: k.certificate.serial,
          revokedAt: new Date(Date.now() - 60_000),
          reason: 'keyCompromise' as const,
        })),
      });
      const file = path.join(dir, `crl-${crlNumber}.pem`);
      writeFileSync(file, crlToPem(der));
      return file;
    },
  };
}

/**
 * A one-page PDF (pdf-lib), unsealed. With `scanBytes`, the page also shows a picture of that
 * many bytes of noise (like a scanned attachment page: incompressible), to make PDFs of a
 * realistic size.
 */
export async function makePdf(text: string, options: { scanBytes?: number } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595.28, 841.89]);
  page.drawText(text, { x: 72, y: 760, size: 14, font });
  if (options.scanBytes) {
    const width = 256;
    const height = Math.max(1, Math.ceil(options.scanBytes / (width * 3)));
    const picture = doc.context.register(
      doc.context.stream(randomBytes(width * height * 3), {
        Type: 'XObject',
        Subtype: 'Image',
        Width: width,
        Height: height,
        ColorSpace: 'DeviceRGB',
        BitsPerComponent: 8,
      }),
    );
    const name = page.node.newXObject('Scan', picture);
    page.pushOperators(
      pushGraphicsState(),
      concatTransformationMatrix(width, 0, 0, height, 72, 300),
      drawObject(name),
      popGraphicsState(),
    );
  }
  return doc.save();
}

/** The PDF sealed (PAdES, invisible) with the given seal key. */
export async function sealedPdf(
  seal: IssuedKey,
  text: string,
  options: { scanBytes?: number } = {},
): Promise<Uint8Array> {
  return new Uint8Array(
    await signPdf(await makePdf(text, options), {
      keyStore: seal,
      placement: { kind: 'invisible' },
      reason: '加盖公章',
    }),
  );
}

/**
 * An official document as agencies send it: a leader's sign-off (签发, personal certificate)
 * and then the agency's visible seal (盖章) with its seal record, as two incremental signatures.
 */
export async function officialPdf(pki: TestPki, agency: TestAgencyKey, text: string): Promise<Uint8Array> {
  const { code, name } = testAgencies[agency];
  const leader = await issueKey(pki.ca, {
    profile: 'personal',
    subject: { commonName: '王强', organization: name, title: '主任', country: 'CN' },
  });
  const record = await createSealRecord(
    pki.ca,
    {
      id: `seal-${code}`,
      kind: 'official',
      name,
      agencyName: name,
      agencyCode: code,
      validFrom: new Date(Date.now() - 60_000),
      validTo: new Date(Date.now() + 86_400_000),
    },
    generateRoundSeal({ agencyName: name }),
    pki.seals[agency].certificate,
  );
  const signedOff = await signOffPdf(await makePdf(text), { keyStore: leader, opinion: '同意印发。' });
  return new Uint8Array(
    await sealPdf(signedOff, {
      keyStore: pki.seals[agency],
      record,
      placement: { kind: 'rect', page: 0, x: 380, y: 120, width: 119, height: 119 },
    }),
  );
}
