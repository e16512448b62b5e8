import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { noticeDraft, tempCore, unlockedAs } from '../test-support';
import { addAttachment, listAttachments } from './attachments';
import { blobPath, readBlob } from './blobs';
import { listExchange, readCursor, recordExchange, writeCursor } from './exchange';
import { listOutbox, pendingOps } from './outbox';
import { insertDocument, validateDraft } from './documents';
import { searchDocuments } from './search';
import { storeLimits } from '../limits';
import { getSetting, setSetting } from './settings';

let core: ReturnType<typeof tempCore>;
let person: { id: string; name: string; roles: string[] };
beforeEach(async () => {
  core = tempCore();
  person = await unlockedAs(core, 'zhangsan', '张三');
});
afterEach(() => core.cleanup());

function count(table: string): number {
  return (core.context.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

describe('documents and the outbox', () => {
  it('saves a draft with its body, a Yjs update and one outbox op per change', () => {
    const view = core.documents.createDraft(person, noticeDraft());
    expect(view).toMatchObject({ kind: 'notice', stage: 'draft', revision: 1, createdBy: person.id });
    expect(count('draft_updates')).toBe(1);
    const ops = pendingOps(core.context, 10);
    // The save comes first: another device creates the draft from it before the body's updates.
    expect(ops.map((op) => op.type)).toEqual(['document.save', 'draft.update']);
    expect(ops.every((op) => op.deviceId === core.context.deviceId && op.actorId === person.id)).toBe(true);
    expect(new Set(ops.map((op) => op.opId)).size).toBe(2);
  });

  it('refuses an invalid draft with every violation and writes nothing', () => {
    expect(() => core.documents.createDraft(person, noticeDraft({ title: '', issuers: [] }))).toThrow(
      expect.objectContaining({ code: 'DOC_INVALID' }),
    );
    expect([count('documents'), count('draft_updates'), count('outbox')]).toEqual([0, 0, 0]);
  });

  it('loses nothing when a multi-row change fails half-way (the whole transaction rolls back)', () => {
    const kept = core.documents.createDraft(person, noticeDraft());
    const before = [count('documents'), count('draft_updates'), count('outbox')];
    // Make the last write of the next save fail: the outbox refuses document.save ops.
    core.context.db.exec(`CREATE TEMP TRIGGER refuse_save BEFORE INSERT ON outbox WHEN new.type = 'document.save'
      BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END;`);
    expect(() => core.documents.createDraft(person, noticeDraft({ title: '关于另一事项的通知' }))).toThrow(/disk full/);
    const changed = noticeDraft({ body: [{ type: 'paragraph', text: '全部改写的正文。' }] });
    expect(() => core.documents.updateDraft(person, kept.id, 1, changed)).toThrow(/disk full/);
    expect([count('documents'), count('draft_updates'), count('outbox')]).toEqual(before);
    expect(core.bodies.blocks(kept.id)[0]?.text).toBe('为切实做好今冬明春安全生产工作，现就有关事项通知如下。');
    core.context.db.exec('DROP TRIGGER temp.refuse_save');
    expect(core.documents.updateDraft(person, kept.id, 1, changed).revision).toBe(2);
  });

  it('refuses a save made at a stale revision instead of overwriting', () => {
    const view = core.documents.createDraft(person, noticeDraft());
    core.documents.updateDraft(person, view.id, 1, noticeDraft({ title: '关于做好冬季安全生产工作的通知' }));
    expect(() => core.documents.updateDraft(person, view.id, 1, noticeDraft())).toThrow(
      expect.objectContaining({ code: 'DOC_STALE_REVISION' }),
    );
    expect(listOutbox(core.context, 50).filter((op) => op.type === 'document.save')).toHaveLength(2);
  });
});

describe('blobs', () => {
  it('stores the same bytes once, however often they are attached', () => {
    const doc = core.documents.createDraft(person, noticeDraft());
    const bytes = Buffer.from('%PDF-1.7 附件内容');
    const first = addAttachment(core.context, {
      documentId: doc.id,
      name: '分工表.pdf',
      mediaType: 'application/pdf',
      bytes,
      actorId: person.id,
    });
    const second = addAttachment(core.context, {
      documentId: doc.id,
      name: '副本.pdf',
      mediaType: 'application/pdf',
      bytes,
      actorId: person.id,
    });
    expect(first.sha256).toBe(second.sha256);
    expect(count('blobs')).toBe(1);
    expect(readdirSync(join(core.dataDir, 'blobs', first.sha256.slice(0, 2)))).toEqual([first.sha256]);
    expect(listAttachments(core.context, doc.id).map((a) => a.name)).toEqual(['分工表.pdf', '副本.pdf']);
    expect(readBlob(core.context, first.sha256).equals(bytes)).toBe(true);
  });

  it('detects a blob file altered on disk, and an attachment to a missing document writes nothing', () => {
    const doc = core.documents.createDraft(person, noticeDraft());
    const { sha256 } = addAttachment(core.context, {
      documentId: doc.id,
      name: 'a.txt',
      mediaType: 'text/plain',
      bytes: Buffer.from('原文'),
      actorId: person.id,
    });
    writeFileSync(blobPath(core.dataDir, sha256), '篡改');
    expect(() => readBlob(core.context, sha256)).toThrow(expect.objectContaining({ code: 'BLOB_CORRUPT' }));
    const outbox = count('outbox');
    expect(() =>
      addAttachment(core.context, {
        documentId: 'nope',
        name: 'b.txt',
        mediaType: 'text/plain',
        bytes: Buffer.from('x'),
        actorId: person.id,
      }),
    ).toThrow(expect.objectContaining({ code: 'DOC_NOT_FOUND' }));
    expect([count('attachments'), count('outbox')]).toEqual([1, outbox]);
    expect(existsSync(blobPath(core.dataDir, 'f'.repeat(64)))).toBe(false);
  });
});

describe('full-text search (FTS5 trigram, LIKE for short terms)', () => {
  beforeEach(() => {
    core.documents.createDraft(person, noticeDraft());
    core.documents.createDraft(
      person,
      noticeDraft({
        kind: '函',
        title: '关于商请协助做好档案移交工作的函',
        body: [{ type: 'paragraph', text: '请贵单位于12月底前完成电子公文归档与档案移交。' }],
      }),
    );
  });

  it('finds Chinese words of three or more characters in titles and bodies', () => {
    expect(searchDocuments(core.context, '安全生产', 10).map((h) => h.title)).toEqual([
      '南京市人民政府办公厅关于做好2026年冬季安全生产工作的通知',
    ]);
    const hits = searchDocuments(core.context, '电子公文', 10);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.snippet).toContain('【电子公文】');
  });

  it('finds one- and two-character terms through the LIKE fallback', () => {
    expect(searchDocuments(core.context, '档案', 10).map((h) => h.title)).toEqual(['关于商请协助做好档案移交工作的函']);
    expect(searchDocuments(core.context, '冬季', 10)).toHaveLength(1);
    expect(searchDocuments(core.context, '函', 10)).toHaveLength(1);
    expect(searchDocuments(core.context, '关于', 10)).toHaveLength(2);
  });

  it('combines terms with AND and treats query syntax as plain text', () => {
    expect(searchDocuments(core.context, '档案 电子公文', 10)).toHaveLength(1);
    expect(searchDocuments(core.context, '档案 安全生产', 10)).toHaveLength(0);
    expect(searchDocuments(core.context, '"OR NEAR(', 10)).toEqual([]);
    expect(searchDocuments(core.context, '100%', 10)).toEqual([]);
  });

  it('follows edits: a changed body is found by its new words only', () => {
    const doc = core.documents.createDraft(person, noticeDraft({ title: '关于防汛工作的通知' }));
    expect(searchDocuments(core.context, '防汛工作', 10).map((h) => h.id)).toEqual([doc.id]);
    core.documents.updateDraft(person, doc.id, 1, noticeDraft({ title: '关于抗旱工作的通知' }));
    expect(searchDocuments(core.context, '防汛工作', 10)).toEqual([]);
    expect(searchDocuments(core.context, '抗旱工作', 10)).toHaveLength(1);
  });

  it('returns the newest hits first however common the term: rare, frequent and in almost every document', () => {
    const { document } = validateDraft(noticeDraft());
    const total = storeLimits.searchFrequentAbove + 400;
    core.context.db.transaction(() => {
      for (let i = 0; i < total; i++) {
        const topic = i % 7 === 0 ? '城市更新行动' : i % 997 === 0 ? '档案数字化' : '年度重点工作';
        insertDocument(core.context, {
          id: `bulk-${i}`,
          document: { ...document, title: `第${i}号通知`, body: [{ type: 'paragraph', text: `关于${topic}的安排。` }] },
          createdBy: person.id,
          at: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
        });
      }
    })();
    // What a plain LIKE scan in date order finds is the truth each strategy must match.
    const truth = (term: string) =>
      (
        core.context.db
          .prepare('SELECT id FROM documents WHERE body_text LIKE ? ORDER BY updated_at DESC LIMIT 20')
          .all(`%${term}%`) as { id: string }[]
      ).map((row) => row.id);
    // ~6 hits (sorted after reading), ~770 (walk by date), ~5,000 + (LIKE while walking by date).
    for (const term of ['档案数字化', '城市更新行动', '的安排。']) {
      const ids = searchDocuments(core.context, term, 20).map((hit) => hit.id);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids).toEqual(truth(term));
    }
  });
});

describe('settings', () => {
  it('returns defaults, validates values and refuses unknown keys', () => {
    expect(getSetting(core.context, 'ui.locale')).toBe('zh-CN');
    expect(setSetting(core.context, 'ui.locale', 'en')).toBe('en');
    expect(getSetting(core.context, 'ui.locale')).toBe('en');
    expect(() => setSetting(core.context, 'ui.locale', 'fr')).toThrow(
      expect.objectContaining({ code: 'SETTING_INVALID' }),
    );
    expect(() => getSetting(core.context, 'device.id')).toThrow(expect.objectContaining({ code: 'SETTING_UNKNOWN' }));
  });
});

describe('exchange records and sync cursors', () => {
  it('mirrors an envelope through its states and remembers pull cursors across restarts', () => {
    const doc = core.documents.createDraft(person, noticeDraft());
    const envelope = {
      id: 'env-1',
      direction: 'outgoing' as const,
      documentId: doc.id,
      counterpartCode: '11320100014170019X',
      counterpartName: '南京市人民政府办公厅',
      envelopeSha256: null,
      pdfSha256: null,
      reason: null,
    };
    recordExchange(core.context, { ...envelope, state: 'sent' });
    const returned = recordExchange(core.context, {
      ...envelope,
      documentId: null,
      state: 'returned',
      reason: '非本机关主管事项',
    });
    expect(returned).toMatchObject({ state: 'returned', reason: '非本机关主管事项', documentId: doc.id });
    expect(listExchange(core.context, { direction: 'outgoing', state: 'sent' })).toEqual([]);
    expect(() => recordExchange(core.context, { ...envelope, id: 'env-2', state: 'lost' })).toThrow(RangeError);
    expect(() =>
      recordExchange(core.context, { ...envelope, id: 'env-3', state: 'sent', pdfSha256: 'a'.repeat(64) }),
    ).toThrow(/FOREIGN KEY/);

    expect(readCursor(core.context, 'agency')).toBeNull();
    writeCursor(core.context, 'agency', 'c-41');
    writeCursor(core.context, 'agency', 'c-42');
    core.close();
    const reopened = tempCore({ dataDir: core.dataDir });
    expect(readCursor(reopened.context, 'agency')).toBe('c-42');
    expect(listExchange(reopened.context, { direction: 'outgoing' })).toHaveLength(1);
    reopened.close();
    core = tempCore({ dataDir: core.dataDir });
  });
});
