import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../api-contract';
import { invokeApi } from '../api/invoke';
import { noticeDraft, tempCore, unlockedClient } from '../test-support';

let core: ReturnType<typeof tempCore> | undefined;
afterEach(() => core?.cleanup());

function client() {
  core = tempCore();
  const opened = core;
  return createApiClient((method, input) => invokeApi(opened, method, input));
}

describe('previewDocument (typesetting in a worker thread)', () => {
  it('returns a GB/T 9704 PDF of the document as typed, without saving it', async () => {
    const api = client();
    await unlockedClient(api);
    const preview = await api.previewDocument({ document: noticeDraft() });
    const pdf = Buffer.from(preview.pdfBase64, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(preview.pageCount).toBeGreaterThanOrEqual(1);
    expect((await api.documentCount({})).count).toBe(0);
  });

  it('answers other calls while a preview is being typeset', async () => {
    const api = client();
    await unlockedClient(api);
    const preview = api.previewDocument({ document: noticeDraft() });
    const count = await Promise.race([api.documentCount({}).then(() => 'count'), preview.then(() => 'preview')]);
    expect(count).toBe('count');
    await preview;
  });

  it('refuses an invalid document with the violations at their fields', async () => {
    const api = client();
    await unlockedClient(api);
    const failure = await api
      .previewDocument({ document: noticeDraft({ docNumber: '宁政发[2026]012号' }) })
      .catch((e) => e);
    expect(failure.code).toBe('DOC_INVALID');
    expect(JSON.stringify(failure.details.items)).toContain('docNumber');
  });
});

/** The text poppler's pdftotext reads from a base64 PDF (what a reader of the preview sees). */
function pdfText(base64: string): string {
  return execFileSync('pdftotext', ['-', '-'], { input: Buffer.from(base64, 'base64'), encoding: 'utf8' });
}

describe('previewSavedDocument (a saved document typeset by its id)', () => {
  it('typesets the draft as saved, with the body as last edited, and returns the JSON it typeset', async () => {
    const api = client();
    await unlockedClient(api);
    const draft = await api.createDraft({ document: noticeDraft() });
    await api.editDraftBody({ documentId: draft.id, index: 0, insert: '经市政府同意，' });
    const preview = await api.previewSavedDocument({ documentId: draft.id });
    const text = pdfText(preview.pdfBase64).replace(/\s/g, '');
    expect(text).toContain('经市政府同意，为切实做好今冬明春安全生产工作');
    expect(text).toContain('各地各部门要充分认识冬季安全生产工作的重要性');
    expect(preview.pageCount).toBe(1);
    expect(JSON.stringify(preview.content)).toContain('经市政府同意，');
  });

  it('refuses an unknown document with DOC_NOT_FOUND', async () => {
    const api = client();
    await unlockedClient(api);
    const failure = await api.previewSavedDocument({ documentId: 'no-such-document' }).catch((e) => e);
    expect(failure.code).toBe('DOC_NOT_FOUND');
  });

  it('needs a signed-in person', async () => {
    const api = client();
    const failure = await api.previewSavedDocument({ documentId: 'any' }).catch((e) => e);
    expect(failure.code).toBe('ACCOUNT_LOCKED');
  });
});

describe('warmPreview (readying the typesetting worker after sign-in)', () => {
  it('typesets the sample, so a preview afterwards finds the worker running with its fonts', async () => {
    const api = client();
    await unlockedClient(api);
    const warm = await api.warmPreview({});
    expect(pdfText(warm.pdfBase64)).toContain('总体要求');
    expect(warm.millis).toBeGreaterThan(0);
    const preview = await api.previewDocument({ document: noticeDraft() });
    expect(pdfText(preview.pdfBase64).replace(/\s/g, '')).toContain('一、提高思想认识');
  });
});
