import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, makePdf, opensslVerify, pdfsig, qpdfCheck, type TestPki } from '../test-support/fixtures';
import { signPdf } from './sign-pdf';

let pki: TestPki;
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
