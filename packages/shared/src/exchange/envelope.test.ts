import { describe, expect, it } from 'vitest';
import { composeUscc } from '../agency/uscc';
import { canonicalJson } from './canonical-json';
import { envelopeSchema, recipientTransitions, receiptSchema } from './envelope';

const sender = composeUscc({ authority: '1', category: '1', division: '320100', orgCode8: '00000002' });
const recipient = composeUscc({ authority: '1', category: '1', division: '320115', orgCode8: '00000003' });
const hash = 'a'.repeat(64);

const envelope = {
  version: 1,
  messageId: '3f1c2a9e-8d7b-4c5a-9e1f-2b3c4d5e6f70',
  sender,
  recipients: [recipient],
  title: '关于做好防汛工作的通知',
  docNumber: '宁政办发〔2026〕12号',
  kind: 'notice',
  document: { sha256: hash, size: 1234 },
  createdAt: '2026-11-23T09:00:00+08:00',
};

describe('canonical JSON', () => {
  it('writes the same bytes whatever the key order, without whitespace or undefined members', () => {
    expect(canonicalJson({ b: 1, a: [true, null, '公文'], c: { z: undefined, y: 'x' } })).toBe(
      '{"a":[true,null,"公文"],"b":1,"c":{"y":"x"}}',
    );
    expect(canonicalJson({ title: 't', kind: 'notice' })).toBe(canonicalJson({ kind: 'notice', title: 't' }));
  });

  it('refuses values JSON cannot carry exactly', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(RangeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });
});

describe('exchange envelope and receipt', () => {
  it('accepts a well-formed envelope and defaults the attachment list', () => {
    expect(envelopeSchema.parse(envelope).attachments).toEqual([]);
  });

  it('refuses invalid agency codes, 发文字号 and hashes', () => {
    const bad = (patch: Record<string, unknown>) => envelopeSchema.safeParse({ ...envelope, ...patch }).success;
    expect(bad({ sender: '91440300708461136U' })).toBe(false);
    expect(bad({ docNumber: '宁政办发[2026]12号' })).toBe(false);
    expect(bad({ docNumber: '第5号' })).toBe(true); // a 令号
    expect(bad({ document: { sha256: 'ABC', size: 1 } })).toBe(false);
    expect(bad({ recipients: [] })).toBe(false);
    expect(bad({ classification: 'internal' })).toBe(false);
  });

  it('describes a receipt over the document hash and the time', () => {
    const receipt = {
      version: 1,
      messageId: envelope.messageId,
      recipient,
      documentSha256: hash,
      signedAt: '2026-11-23T10:00:00Z',
    };
    expect(receiptSchema.parse(receipt)).toEqual(receipt);
    expect(receiptSchema.safeParse({ ...receipt, signedAt: 'yesterday' }).success).toBe(false);
  });

  it('lets a recipient sign for only what was delivered, and the sender recall only what waits', () => {
    expect(recipientTransitions['sign-for'].from).toEqual(['delivered']);
    expect(recipientTransitions.recall.from).toEqual(['waiting']);
    expect(recipientTransitions.return.from).toContain('delivered');
  });
});
