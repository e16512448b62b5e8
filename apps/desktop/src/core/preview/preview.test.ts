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
