import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { syncOpSchema } from '@oa/shared';
import { insertDocument, validateDraft } from '../store/documents';
import { pendingOps } from '../store/outbox';
import { setSetting } from '../store/settings';
import { coreSet, noticeDraft, unlockedAs } from '../test-support';
import { bodyTextName } from './body-text';
import { diffSnapshots, takeSnapshot } from './revisions';
import { updateCount } from './update-log';

const cores = coreSet();
afterEach(() => cores.cleanup());
const open = cores.open;

const shortDraft = noticeDraft({
  body: [
    { type: 'heading', level: 1, text: '一、工作要求' },
    { type: 'paragraph', text: '各单位要加强值班。' },
  ],
});

describe('draft bodies as Yjs documents', () => {
  it('persists edits as updates and reads the same body after a restart', async () => {
    const core = open();
    const person = await unlockedAs(core, 'zhangsan', '张三');
    const doc = core.documents.createDraft(person, shortDraft);
    core.bodies.edit(doc.id, person, { index: 7, deleteCount: 0, insert: '各部门和' });
    core.bodies.edit(doc.id, person, { index: 11, deleteCount: 3, insert: '' });
    const expected = [
      { type: 'heading', level: 1, text: '一、工作要求' },
      { type: 'paragraph', text: '各部门和要加强值班。' },
    ];
    expect(core.bodies.blocks(doc.id)).toEqual(expected);
    core.close();
    const reopened = open({ dataDir: core.dataDir });
    expect(reopened.bodies.blocks(doc.id)).toEqual(expected);
    const content = reopened.context.db.prepare('SELECT body_text FROM documents').get() as { body_text: string };
    expect(content.body_text).toBe('一、工作要求\n各部门和要加强值班。');
  });

  it('merges the updates into one row past the threshold, without changing the body', async () => {
    const core = open();
    const person = await unlockedAs(core, 'zhangsan', '张三');
    setSetting(core.context, 'draft.compactThreshold', 5);
    const doc = core.documents.createDraft(person, shortDraft);
    for (let i = 0; i < 12; i += 1) core.bodies.edit(doc.id, person, { index: 0, deleteCount: 0, insert: `${i % 10}` });
    const rows = updateCount(core.context, doc.id);
    expect(rows).toBeLessThanOrEqual(5);
    const compacted = core.context.db.prepare('SELECT count(*) AS n FROM draft_updates WHERE compacted = 1').get();
    expect(compacted).toEqual({ n: 1 });
    const before = core.bodies.blocks(doc.id);
    core.close();
    const reopened = open({ dataDir: core.dataDir });
    expect(reopened.bodies.blocks(doc.id)).toEqual(before);
    expect(before[0]!.text.startsWith('1098765432')).toBe(true);
  });

  it('refuses an update that is not Yjs data, and an edit outside the text', async () => {
    const core = open();
    const person = await unlockedAs(core, 'zhangsan', '张三');
    const doc = core.documents.createDraft(person, shortDraft);
    expect(() => core.bodies.apply(doc.id, new Uint8Array([0xff, 0xff, 0xff, 0x07]), person, 'local')).toThrow(
      expect.objectContaining({ code: 'DRAFT_UPDATE_INVALID' }),
    );
    expect(() => core.bodies.edit(doc.id, person, { index: 500, deleteCount: 0, insert: 'x' })).toThrow(
      expect.objectContaining({ code: 'DRAFT_EDIT_OUT_OF_RANGE' }),
    );
    expect(core.bodies.blocks(doc.id)).toHaveLength(2);
  });

  it('merges two copies edited offline on two devices, each keeping both edits', async () => {
    // Device A creates the draft; device B receives it through the ops A would push.
    const a = open();
    const zhang = await unlockedAs(a, 'zhangsan', '张三');
    const created = a.documents.createDraft(zhang, shortDraft);
    const b = open();
    const li = await unlockedAs(b, 'lisi', '李四');
    const save = pendingOps(a.context, 10).find((op) => op.type === 'document.save');
    if (save?.type !== 'document.save') throw new Error('no document.save op');
    const { document } = validateDraft(save.document);
    insertDocument(b.context, { id: save.documentId, document, createdBy: save.actorId, at: save.createdAt });
    const exchange = (from: typeof a, to: typeof b, person: typeof zhang, already: number) => {
      const ops = pendingOps(from.context, 100).filter((op) => op.type === 'draft.update');
      for (const op of ops.slice(already)) {
        const parsed = syncOpSchema.parse(JSON.parse(JSON.stringify(op)));
        if (parsed.type === 'draft.update')
          to.bodies.apply(created.id, Buffer.from(parsed.update, 'base64'), person, 'remote');
      }
      return ops.length;
    };
    exchange(a, b, zhang, 0);
    expect(b.bodies.blocks(created.id)).toEqual(a.bodies.blocks(created.id));

    // Both work offline: A edits the heading, B the paragraph.
    const before = takeSnapshot(a.context, a.bodies, { documentId: created.id, label: '拟稿', person: zhang });
    const sentA = pendingOps(a.context, 100).filter((op) => op.type === 'draft.update').length;
    a.bodies.edit(created.id, zhang, { index: 2, deleteCount: 2, insert: '总体' });
    b.bodies.edit(created.id, li, { index: 15, deleteCount: 0, insert: '和应急准备' });
    exchange(a, b, zhang, sentA);
    exchange(b, a, li, 0);
    const merged = [
      { type: 'heading', level: 1, text: '一、总体要求' },
      { type: 'paragraph', text: '各单位要加强值班和应急准备。' },
    ];
    expect(a.bodies.blocks(created.id)).toEqual(merged);
    expect(b.bodies.blocks(created.id)).toEqual(merged);
    // Who wrote what travelled inside the document: A sees 李四's words as his.
    const after = takeSnapshot(a.context, a.bodies, { documentId: created.id, label: '合并', person: zhang });
    const changes = diffSnapshots(a.context, a.bodies, { documentId: created.id, from: before.id, to: after.id });
    expect(changes.map((c) => [c.type, c.text, c.author?.name])).toEqual([
      ['delete', '工作', '张三'],
      ['insert', '总体', '张三'],
      ['insert', '和应急准备', '李四'],
    ]);
    // B's copy was stored: after a restart it still has both edits.
    b.close();
    expect(open({ dataDir: b.dataDir }).bodies.blocks(created.id)).toEqual(merged);
  });
});

describe('revision marks (修改痕迹)', () => {
  it('lists insertions and deletions between two step snapshots with their authors', async () => {
    const core = open();
    const zhang = await unlockedAs(core, 'zhangsan', '张三');
    const doc = core.documents.createDraft(zhang, shortDraft);
    const drafted = takeSnapshot(core.context, core.bodies, {
      documentId: doc.id,
      label: '拟稿',
      stepId: 'draft',
      person: zhang,
    });

    await core.accounts.create({
      login: 'lisi',
      displayName: '李四',
      password: '正确的口令-2026',
      roles: ['reviewer'],
    });
    await core.accounts.unlock('lisi', '正确的口令-2026');
    const li = core.accounts.requireCurrent();
    // 核稿: 李四 replaces 加强 with 严格落实 and appends a sentence.
    core.bodies.edit(doc.id, li, { index: 11, deleteCount: 2, insert: '严格落实' });
    const text = core.bodies.doc(doc.id).getText(bodyTextName);
    core.bodies.edit(doc.id, li, { index: text.length - 1, deleteCount: 0, insert: '遇有情况及时报告。' });
    const reviewed = takeSnapshot(core.context, core.bodies, {
      documentId: doc.id,
      label: '核稿',
      stepId: 'review',
      person: li,
    });

    const changes = diffSnapshots(core.context, core.bodies, { documentId: doc.id, from: drafted.id, to: reviewed.id });
    expect(changes).toEqual([
      { type: 'delete', text: '加强', author: { id: li.id, name: '李四' }, offset: 11 },
      { type: 'insert', text: '严格落实', author: { id: li.id, name: '李四' }, offset: 11 },
      { type: 'insert', text: '遇有情况及时报告。', author: { id: li.id, name: '李四' }, offset: 18 },
    ]);
    // The other way round, nothing was typed by 张三 after the first snapshot.
    expect(diffSnapshots(core.context, core.bodies, { documentId: doc.id, from: drafted.id, to: drafted.id })).toEqual(
      [],
    );
  });

  it('attributes text typed in another editor (an update from the UI) to the person who sent it', async () => {
    const core = open();
    const zhang = await unlockedAs(core, 'zhangsan', '张三');
    const doc = core.documents.createDraft(zhang, shortDraft);
    const before = takeSnapshot(core.context, core.bodies, { documentId: doc.id, label: '拟稿', person: zhang });
    // The renderer's own Y.Doc: synced from the core, edited, its update sent back.
    const editor = new Y.Doc({ gc: false });
    Y.applyUpdate(editor, Y.encodeStateAsUpdate(core.bodies.doc(doc.id)));
    const vector = Y.encodeStateVector(editor);
    editor.getText(bodyTextName).delete(0, 2);
    editor.getText(bodyTextName).insert(0, '第一、');
    core.bodies.apply(doc.id, Y.encodeStateAsUpdate(editor, vector), zhang, 'local');
    const after = takeSnapshot(core.context, core.bodies, { documentId: doc.id, label: '修改', person: zhang });
    const changes = diffSnapshots(core.context, core.bodies, { documentId: doc.id, from: before.id, to: after.id });
    expect(changes.map((c) => [c.type, c.text, c.author?.name, c.offset])).toEqual([
      ['delete', '一、', '张三', 0],
      ['insert', '第一、', '张三', 0],
    ]);
    expect(() => diffSnapshots(core.context, core.bodies, { documentId: doc.id, from: before.id, to: 'nope' })).toThrow(
      expect.objectContaining({ code: 'SNAPSHOT_NOT_FOUND' }),
    );
  });
});
