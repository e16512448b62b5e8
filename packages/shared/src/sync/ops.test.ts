import { describe, expect, it } from 'vitest';
import { syncOpResultSchema, syncOpSchema, syncPushRequestSchema } from './ops';

const base = {
  opId: '0b7e7f4e-5b1a-4c6e-9a39-2f1f0d6f2a11',
  deviceId: 'dev-1',
  actorId: 'u-1',
  createdAt: '2026-11-23T08:00:00.000Z',
};

describe('sync ops', () => {
  it('accepts each op type and keeps its payload', () => {
    const save = syncOpSchema.parse({ ...base, type: 'document.save', documentId: 'd1', revision: 2, document: {} });
    expect(save.type).toBe('document.save');
    const update = syncOpSchema.parse({ ...base, type: 'draft.update', documentId: 'd1', update: 'AQID' });
    expect(update).toMatchObject({ update: 'AQID' });
  });

  it('refuses an op without a UUID id, an unknown type or a bad hash', () => {
    expect(
      syncOpSchema.safeParse({ ...base, opId: '42', type: 'draft.update', documentId: 'd', update: '' }).success,
    ).toBe(false);
    expect(syncOpSchema.safeParse({ ...base, type: 'document.delete', documentId: 'd' }).success).toBe(false);
    const attachment = { ...base, type: 'attachment.add', documentId: 'd', attachmentId: 'a', name: 'x.pdf' };
    expect(
      syncOpSchema.safeParse({ ...attachment, blobHash: 'ABC', mediaType: 'application/pdf', size: 1 }).success,
    ).toBe(false);
  });

  it('limits a push batch and describes rejections in both languages', () => {
    const ops = Array.from({ length: 201 }, () => ({ ...base, type: 'draft.update', documentId: 'd', update: '' }));
    expect(syncPushRequestSchema.safeParse({ deviceId: 'dev-1', ops }).success).toBe(false);
    const rejected = { opId: base.opId, status: 'rejected', code: 'WF_NOT_ASSIGNEE' };
    expect(syncOpResultSchema.safeParse(rejected).success).toBe(false);
    expect(
      syncOpResultSchema.safeParse({ ...rejected, reason: { zh: '不是承办人', en: 'not the assignee' } }).success,
    ).toBe(true);
  });
});
