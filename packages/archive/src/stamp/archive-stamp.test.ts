import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createKeyStore,
  createRootCa,
  issueKey,
  openKeyStore,
  signOffPdf,
  unlockCa,
  verifyPdf,
  type KeyStore,
  type RootCa,
} from '@oa/signature';
import { createNssTrust, pdfsigText } from '@oa/signature/testing';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveItemMetadataSchema } from '@oa/shared';
import { makePdf } from '../test-support';
import { ArchiveCatalog } from '../catalog';
import { archiveRequest } from '../test-support';
import { PdfRenderPool } from '../check/pdf-render-pool';
import { archiveStampCells, stampArchivePdf } from './archive-stamp';
import { archiveWithStamp } from './archive-stamped';

let dir: string;
let root: RootCa;
let leader: KeyStore;
let archivist: KeyStore;
let nss: string;

const metadata = archiveItemMetadataSchema.parse({
  fonds: 'J012',
  category: 'WS',
  year: 2026,
  retention: 'D30',
  unit: 'BGS',
  item: 17,
  pages: 2,
  title: '关于做好冬季安全生产工作的通知',
  responsible: '南京市人民政府办公厅',
  date: '2026-11-20',
  kind: 'notice',
});

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'oa-stamp-'));
  root = await createRootCa({
    subject: { commonName: '南京市电子政务根证书', organization: '南京市人民政府', country: 'CN' },
    passphrase: 'root-pass',
  });
  const ca = unlockCa(root, 'root-pass');
  const toStore = async (subject: Parameters<typeof issueKey>[1]['subject'], profile: 'seal' | 'personal') => {
    const key = await issueKey(ca, { subject, profile });
    return openKeyStore(createKeyStore({ ...key, pin: '123456' }), '123456');
  };
  leader = await toStore({ commonName: '王强', organization: '南京市人民政府办公厅', country: 'CN' }, 'personal');
  archivist = await toStore(
    {
      commonName: '档案专用章',
      organization: '南京市人民政府办公厅',
      organizationIdentifier: '11320100014170019X',
      country: 'CN',
    },
    'seal',
  );
  nss = createNssTrust(dir, root.certificate);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('归档章 (archive stamp)', () => {
  it('shows the six DA/T 22 fields', () => {
    expect(archiveStampCells(metadata).map((c) => c.value)).toEqual(['J012', '2026', '17', 'BGS', '定期30年', '2']);
  });

  it('is added as a signed incremental update that keeps the sign-off signature valid', async () => {
    const signed = await signOffPdf(await makePdf(2, '关于做好冬季安全生产工作的通知'), {
      keyStore: leader,
      opinion: '同意印发。',
    });
    const stamped = await stampArchivePdf(signed, { keyStore: archivist, metadata });
    expect(Buffer.from(stamped.subarray(0, signed.length)).equals(signed)).toBe(true);

    const report = await verifyPdf(stamped, { trustedRoots: [root.certificate] });
    expect(report.signatures.map((s) => [s.role, s.verdict])).toEqual([
      ['sign-off', 'valid'],
      ['archive', 'valid'],
    ]);
    expect(report.verdict).toBe('valid');

    const file = path.join(dir, 'stamped.pdf');
    writeFileSync(file, stamped);
    const pdfsig = pdfsigText(nss, file);
    expect(pdfsig.match(/Signature is Valid\./g)).toHaveLength(2);
    expect(pdfsig.match(/Certificate is Trusted\./g)).toHaveLength(2);
    execFileSync('qpdf', ['--check', file]);
  });

  it('is drawn by the 四性检测 renderer (PDFium) on a page with nothing else on it', async () => {
    const blank = await PDFDocument.create();
    blank.addPage([595.28, 841.89]);
    const stamped = await stampArchivePdf(await blank.save(), { keyStore: archivist, metadata });
    const pool = new PdfRenderPool({ size: 1 });
    try {
      // no page object of its own: what is drawn is the stamp's signature widget
      expect(await pool.render(stamped)).toMatchObject({
        ok: true,
        pages: [{ drawn: true, objects: 0, annotations: 1 }],
      });
      expect(await pool.render(await blank.save())).toMatchObject({ ok: true, pages: [{ drawn: false, objects: 0 }] });
    } finally {
      pool.close();
    }
  });

  it('sits in the top margin of page 1, right-aligned with the type area, and renders red', async () => {
    const stamped = await stampArchivePdf(await makePdf(1, '通知'), { keyStore: archivist, metadata });
    const file = path.join(dir, 'render.pdf');
    writeFileSync(file, stamped);
    execFileSync('pdftoppm', ['-r', '72', '-png', '-f', '1', '-l', '1', file, path.join(dir, 'page')]);
    const text = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
    const words = [...text.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</g)].map(
      (m) => ({
        x0: Number(m[1]),
        y0: Number(m[2]),
        x1: Number(m[3]),
        y1: Number(m[4]),
        text: m[5],
      }),
    );
    const stampWords = words.filter((w) => ['J012', '定期30年', '件号'].includes(w.text!));
    expect(stampWords.map((w) => w.text).sort()).toEqual(['J012', '件号', '定期30年']);
    const mm = (pt: number) => (pt * 25.4) / 72;
    for (const w of stampWords) {
      expect(mm(w.y1)).toBeLessThan(37); // inside the 37 mm top margin
      expect(mm(w.x0)).toBeGreaterThan(210 - 26 - 45 - 1);
      expect(mm(w.x1)).toBeLessThan(210 - 26 + 1);
    }
  });
});

describe('archiving with the stamp', () => {
  it('gives two concurrent archivings distinct 件号, each stamp showing its own number', async () => {
    const archiveDir = path.join(dir, 'archive');
    const first = ArchiveCatalog.open(archiveDir);
    const second = ArchiveCatalog.open(archiveDir);
    try {
      const [a, b] = await Promise.all([
        archiveWithStamp(first, await archiveRequest({ title: '甲' }), { keyStore: archivist }),
        archiveWithStamp(second, await archiveRequest({ title: '乙' }), { keyStore: archivist }),
      ]);
      expect([a.metadata.item, b.metadata.item].sort()).toEqual([1, 2]);
      for (const item of [a, b]) {
        const pdf = first.blobs.get(item.files.find((f) => f.name === 'document.pdf')!.sha256);
        const report = await verifyPdf(pdf, { trustedRoots: [root.certificate] });
        expect(report.signatures.map((s) => [s.role, s.verdict, s.reason])).toEqual([
          ['archive', 'valid', `归档：J012-2026-${item.metadata.item}`],
        ]);
      }
    } finally {
      first.close();
      second.close();
    }
  });
});
