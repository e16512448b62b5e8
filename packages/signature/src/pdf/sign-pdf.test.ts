import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { isOaError } from '@oa/shared';
import {
  createTestPki,
  removeTestPki,
  makePdf,
  makePdfWithSealField,
  makeSealPng,
  officialSealRecord,
  opensslVerify,
  pdfsig,
  qpdfCheck,
  testAgency,
  type TestPki,
} from '../test-support/fixtures';
import { sealAppearance } from '../seal/picture';
import { verifyPdf } from '../verify/verify-pdf';
import { sealPdf, signOffPdf } from './roles';
import { signPdf } from './sign-pdf';

let pki: TestPki;
afterAll(() => removeTestPki(pki));
beforeAll(async () => {
  pki = await createTestPki();
});

describe('signPdf', () => {
  it('adds an invisible PAdES signature that pdfsig, openssl and qpdf accept (Chinese names)', async () => {
    const signed = await signPdf(await makePdf(), {
      keyStore: pki.leader,
      placement: { kind: 'invisible' },
      reason: '同意。',
    });
    const check = pdfsig(pki, signed);
    expect(check.signatures).toHaveLength(1);
    expect(check.signatures[0]).toMatchObject({ valid: true, trusted: true, total: true });
    expect(check.output).toContain('张伟');
    expect(opensslVerify(pki, signed, 0).ok).toBe(true);
    expect(qpdfCheck(pki.dir, signed)).toContain('No syntax or stream encoding errors');
  });
});

describe('signPdf on other PDFs and placements', () => {
  it("fills the typesetter's empty seal field with a PNG seal, then a sign-off; both stay valid (xref tables)", async () => {
    const picture = { type: 'png' as const, data: makeSealPng(), widthMm: 42, heightMm: 42 };
    const record = await officialSealRecord(pki, 'png-seal-1', picture);
    const input = await makePdfWithSealField(`seal-${testAgency.code}`, [360, 140, 480, 260]);
    expect(input.includes(Buffer.from('\nxref\n'))).toBe(true);
    const sealed = await sealPdf(input, {
      keyStore: pki.seal,
      record,
      placement: { kind: 'field', name: `seal-${testAgency.code}` },
    });
    const third = await signOffPdf(sealed, { keyStore: pki.leader, opinion: '已阅。' });
    const external = pdfsig(pki, third);
    expect(external.signatures.map((s) => s.valid)).toEqual([true, true]);
    expect(qpdfCheck(pki.dir, third)).toContain('No syntax or stream encoding errors');
    const report = await verifyPdf(third, { trustedRoots: [pki.root.certificate] });
    expect(report.verdict).toBe('valid');
    expect(report.signatures[0]).toMatchObject({
      fieldName: `seal-${testAgency.code}`,
      visible: true,
      rect: [360, 140, 480, 260],
    });
    expect(report.signatures[0]!.seal?.stampMatches).toBe(true);
    const again = await sealPdf(third, {
      keyStore: pki.seal,
      record,
      placement: { kind: 'field', name: `seal-${testAgency.code}` },
    }).catch((e: unknown) => e);
    expect(isOaError(again) && again.code).toBe('PDF_ALREADY_SIGNED');
  });

  it('gives typed errors for a non-PDF, a missing field and a page out of range', async () => {
    const code = (p: Promise<unknown>): Promise<unknown> =>
      p.then(
        () => 'no error',
        (e: unknown) => (isOaError(e) ? e.code : e),
      );
    expect(
      await code(signPdf(Buffer.from('%PD not really'), { keyStore: pki.leader, placement: { kind: 'invisible' } })),
    ).toBe('PDF_NOT_A_PDF');
    expect(await code(signPdf(await makePdf(), { keyStore: pki.leader, placement: { kind: 'field' } }))).toBe(
      'PDF_FIELD_NOT_FOUND',
    );
    const rect = { kind: 'rect' as const, page: 3, x: 0, y: 0, width: 10, height: 10 };
    expect(
      await code(
        signPdf(await makePdf(), { keyStore: pki.leader, placement: rect, appearance: () => undefined as never }),
      ),
    ).toBe('PDF_PAGE_OUT_OF_RANGE');
  });
});

describe('signPdf on files rewritten by other tools', () => {
  it('signs a qpdf-linearized PDF with object streams twice; qpdf, pdfsig and our verifier accept it', async () => {
    const source = path.join(pki.dir, 'source.pdf');
    const linearized = path.join(pki.dir, 'linearized.pdf');
    writeFileSync(source, await makePdf(3));
    execFileSync('qpdf', ['--linearize', '--object-streams=generate', source, linearized]);
    const once = await signOffPdf(readFileSync(linearized), { keyStore: pki.leader, opinion: '同意。' });
    const twice = await signPdf(once, { keyStore: pki.seal, placement: { kind: 'invisible' } });
    expect(qpdfCheck(pki.dir, twice)).toContain('No syntax or stream encoding errors');
    expect(pdfsig(pki, twice).signatures.map((s) => s.valid)).toEqual([true, true]);
    const report = await verifyPdf(twice, { trustedRoots: [pki.root.certificate] });
    expect(report.signatures.map((s) => s.verdict)).toEqual(['valid', 'valid']);
  });
});

describe('signPdf keeps what the page already has', () => {
  it('adds the widget to an indirect /Annots array without losing the existing link annotation', async () => {
    const doc = await PDFDocument.load(await makePdf());
    const page = doc.getPage(0);
    const link = doc.context.register(
      doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [72, 700, 200, 720], Border: [0, 0, 0] }),
    );
    page.node.set(PDFName.of('Annots'), doc.context.register(doc.context.obj([link])));
    const input = Buffer.from(await doc.save());
    const signed = await signPdf(input, {
      keyStore: pki.seal,
      placement: { kind: 'rect', page: 0, x: 300, y: 100, width: 100, height: 100 },
      appearance: sealAppearance({ type: 'png', data: makeSealPng(), widthMm: 42, heightMm: 42 }),
    });
    const reloaded = await PDFDocument.load(signed);
    const annots = reloaded.getPage(0).node.lookup(PDFName.of('Annots'), PDFArray);
    expect(annots.size()).toBe(2);
    expect(reloaded.context.lookup(annots.get(0), PDFDict).get(PDFName.of('Subtype'))).toBe(PDFName.of('Link'));
    expect(qpdfCheck(pki.dir, signed)).toContain('No syntax or stream encoding errors');
    const report = await verifyPdf(signed, { trustedRoots: [pki.root.certificate] });
    expect(report.signatures[0]).toMatchObject({ verdict: 'valid', visible: true, rect: [300, 100, 400, 200] });
  });
});
