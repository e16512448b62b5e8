import { OaError } from '@oa/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { desktopApiContract, desktopMethods, type ApiClient } from '../../api-contract';
import { jsonApiClient, noticeDraft, tempCore, unlockedClient } from '../test-support';
import { invokeApi } from './invoke';
import { desktopApi } from './table';

let core: ReturnType<typeof tempCore>;
let api: ApiClient;
beforeEach(() => {
  core = tempCore();
  // The same path every transport takes: JSON in, the table, JSON out.
  api = jsonApiClient(core);
});
afterEach(() => core.cleanup());

describe('the desktop API table', () => {
  it('has one handler for every method of the contract', () => {
    expect(Object.keys(desktopApi).sort()).toEqual([...desktopMethods].sort());
    expect(desktopMethods).toEqual(Object.keys(desktopApiContract));
  });

  it('refuses bad input with API_BAD_INPUT naming the fields, in Chinese and English', async () => {
    const response = await invokeApi(core, 'unlock', { login: '', password: 42, extra: true });
    expect(response.ok).toBe(false);
    if (response.ok) return;
    expect(response.error.code).toBe('API_BAD_INPUT');
    expect(response.error.message.zh).toMatch(/^输入有误：/);
    expect(response.error.message.en).toContain('login');
    expect(response.error.details?.fields).toEqual(expect.arrayContaining(['login', 'password']));
    await expect(api.getDocument({ id: '' })).rejects.toMatchObject({ code: 'API_BAD_INPUT' });
  });

  it('refuses unknown methods and calls before unlocking with typed errors', async () => {
    await expect(invokeApi(core, 'dropDatabase', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'API_UNKNOWN_METHOD', message: { zh: '未知的操作：dropDatabase' } },
    });
    await expect(invokeApi(core, 'toString', {})).resolves.toMatchObject({ error: { code: 'API_UNKNOWN_METHOD' } });
    await expect(api.createDraft({ document: noticeDraft() })).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    await expect(api.unlock({ login: 'nobody', password: 'whatever-123' })).rejects.toBeInstanceOf(OaError);
  });

  it('turns an unexpected failure into API_INTERNAL without a stack, and logs it', async () => {
    const log = vi.fn();
    const table = {
      ...desktopApi,
      documentCount: () => {
        throw new TypeError('secret internals at /home/x/file.ts:12');
      },
    };
    const response = await invokeApi(core, 'documentCount', {}, { table, log });
    expect(response).toEqual({
      ok: false,
      error: { code: 'API_INTERNAL', message: expect.objectContaining({ zh: expect.stringContaining('内部错误') }) },
    });
    expect(JSON.stringify(response)).not.toContain('secret');
    expect(log).toHaveBeenCalledWith('documentCount', expect.any(TypeError));
  });

  it('drafts, searches, attaches and lists the outbox through the client', async () => {
    const me = await unlockedClient(api);
    expect(me).toMatchObject({ login: 'zhangsan', hubLinked: false });
    const draft = await api.createDraft({ document: noticeDraft() });
    expect((await api.documentCount({})).count).toBe(1);
    expect((await api.searchDocuments({ query: '冬季' })).map((hit) => hit.id)).toEqual([draft.id]);
    const body = await api.editDraftBody({ documentId: draft.id, index: 0, insert: '（草稿）' });
    expect(body.text.startsWith('（草稿）为切实做好')).toBe(true);
    const attachment = await api.addAttachment({
      documentId: draft.id,
      name: '分工表.txt',
      mediaType: 'text/plain',
      dataBase64: Buffer.from('分工').toString('base64'),
    });
    expect(attachment.size).toBe(6);
    const data = await api.getAttachmentData({ id: attachment.id });
    expect(Buffer.from(data.dataBase64, 'base64').toString()).toBe('分工');
    await expect(api.getAttachmentData({ id: 'nope' })).rejects.toMatchObject({ code: 'ATTACHMENT_NOT_FOUND' });
    expect((await api.listOutbox({})).map((op) => op.type)).toEqual([
      'document.save',
      'draft.update',
      'draft.update',
      'attachment.add',
    ]);
    const info = await api.appInfo({});
    expect(info).toMatchObject({ documentCount: 1, deviceId: core.context.deviceId });
    await expect(api.setSetting({ key: 'ui.locale', value: 'fr' })).rejects.toMatchObject({ code: 'SETTING_INVALID' });
  });
});
