import { performance } from 'node:perf_hooks';
import type { Actor } from '@oa/shared';
import * as Y from 'yjs';
import { bodyTextName } from '../src/core/drafts/body-text';
import { insertDocument, validateDraft } from '../src/core/store/documents';
import { searchDocuments } from '../src/core/store/search';
import { setSetting } from '../src/core/store/settings';
import { noticeDraft, tempCore } from '../src/core/test-support';
import { fillDocuments } from './documents';
import { listTasks } from '../src/core/workflow/task-lists';

/**
 * Issue #6's figures for a store of 100 000 documents (`pnpm --filter @oa/desktop bench`), each
 * against a named peer in the same run:
 *   1. the 待办 list, first page of 50 rows (listTasks) vs a plain scan of every task row in JS;
 *   2. full-text search for 2-, 3- and 6-character Chinese queries (searchDocuments: LIKE for
 *      2 characters, FTS5 trigram for 3+) vs a LIKE scan over the same rows;
 *   3. merging two offline sessions of 5 000 edits each into persisted draft bodies (two data
 *      directories, what a laptop does when its room reconnects) vs the same merge of two bare
 *      in-memory Y.Docs (the CRDT alone).
 * Pushing and pulling 10 000 operations through a local hub is bench/sync.bench.ts.
 */
const documentCount = 100_000;
const people = 200;
const sessionEdits = 5_000;
const runs = 200;

function percentiles(label: string, run: () => unknown, count = runs): { p50: number; p95: number } {
  for (let i = 0; i < 5; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const p50 = samples[Math.floor(count * 0.5)]!;
  const p95 = samples[Math.floor(count * 0.95)]!;
  console.log(`  ${label.padEnd(64)} p50 ${p50.toFixed(2).padStart(8)} ms   p95 ${p95.toFixed(2).padStart(8)} ms`);
  return { p50, p95 };
}

const verdict = (value: number, target: number) => (value <= target ? `meets ≤ ${target} ms` : `MISSES ≤ ${target} ms`);

const core = tempCore();
try {
  const started = performance.now();
  // 城市更新行动方案: a rare six-character term (one document in a thousand).
  fillDocuments(core.context, documentCount, (i) => (i % 1000 === 0 ? '结合城市更新行动方案，' : ''));
  const zhang: Actor = { id: 'u-zhang', name: '张三', roles: ['drafter'] };
  // One real flow made by the workflow service, then its rows repeated for every document, each
  // at 核稿 with one of `people` reviewers (李四 is person 0: 500 documents wait for him).
  const model = core.workflows.start(zhang, { documentId: 'doc-0', direction: 'outgoing' });
  core.workflows.act(zhang, {
    instanceId: model.id,
    action: {
      type: 'complete',
      stepId: 'draft',
      opinion: '请审核。',
      next: { assignees: [{ id: 'p-0', name: '李四' }] },
    },
  });
  const db = core.context.db;
  db.transaction(() => {
    const instance = db.prepare('SELECT * FROM workflow_instances WHERE id = ?').get(model.id) as Record<
      string,
      unknown
    >;
    const task = db.prepare('SELECT * FROM workflow_tasks WHERE instance_id = ?').get(model.id) as Record<
      string,
      unknown
    >;
    const insertInstance = db.prepare(
      `INSERT INTO workflow_instances (id, document_id, direction, definition_id, definition_version, status, current_step_id,
         state, version, started_by, started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertTask = db.prepare(
      `INSERT INTO workflow_tasks (instance_id, step_id, step_kind, person_id, person_name, roles, due_at, opened_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (let i = 1; i < documentCount; i++) {
      const reviewer = i % people;
      const at = new Date(1_700_000_000_000 + i * 1000).toISOString();
      const state = String(instance['state']).replaceAll('"p-0"', `"p-${reviewer}"`);
      insertInstance.run(
        `wf-${i}`,
        `doc-${i}`,
        instance['direction'],
        instance['definition_id'],
        instance['definition_version'],
        instance['status'],
        instance['current_step_id'],
        state,
        instance['version'],
        instance['started_by'],
        at,
        at,
      );
      insertTask.run(
        `wf-${i}`,
        task['step_id'],
        task['step_kind'],
        `p-${reviewer}`,
        `审核人${reviewer}`,
        task['roles'],
        i % 7 === 0 ? new Date(1_800_000_000_000 + i * 1000).toISOString() : null,
        at,
      );
    }
  })();
  db.exec('ANALYZE');
  console.log(
    `store: ${documentCount} documents and flows, built in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  console.log('待办 list, first page of 50 rows');
  const li: Actor = { id: 'p-0', name: '李四', roles: ['reviewer'] };
  const todo = percentiles('listTasks(todo, 50)', () => listTasks(core.context, li, 'todo', 50));
  const allTasks = db.prepare(
    `SELECT t.instance_id, t.person_id, t.step_kind, t.due_at, i.updated_at, d.title FROM workflow_tasks t
     JOIN workflow_instances i ON i.id = t.instance_id JOIN documents d ON d.id = i.document_id`,
  );
  percentiles(
    'peer: scan every task row, filter and sort in JS',
    () =>
      (allTasks.all() as { person_id: string; due_at: string | null; updated_at: string }[])
        .filter((t) => t.person_id === li.id)
        .sort((a, b) => (a.due_at ?? '~').localeCompare(b.due_at ?? '~') || b.updated_at.localeCompare(a.updated_at))
        .slice(0, 50),
    20,
  );
  console.log(`  → 待办 p95 ${todo.p95.toFixed(2)} ms: ${verdict(todo.p95, 10)}`);

  console.log('full-text search, first 50 hits');
  const like = db.prepare(
    'SELECT id FROM documents WHERE title LIKE ? OR body_text LIKE ? ORDER BY updated_at DESC LIMIT 50',
  );
  for (const query of ['档案', '防汛抗', '城市更新行动']) {
    const chars = [...query].length;
    const search = percentiles(`searchDocuments "${query}" (${chars} characters)`, () =>
      searchDocuments(core.context, query, 50),
    );
    percentiles(`peer: LIKE "%${query}%" scan`, () => like.all(`%${query}%`, `%${query}%`), 50);
    console.log(`  → ${chars}-character search p95 ${search.p95.toFixed(2)} ms: ${verdict(search.p95, 50)}`);
  }
} finally {
  core.cleanup();
}

console.log(`merging two offline sessions of ${sessionEdits} edits each`);
{
  const a = tempCore();
  const b = tempCore();
  try {
    const zhang = { id: 'u-zhang', name: '张三' };
    const li = { id: 'u-li', name: '李四' };
    for (const c of [a, b]) setSetting(c.context, 'draft.compactThreshold', 200);
    const doc = a.documents.createDraft(zhang, noticeDraft());
    // B starts from A's draft (as after a sync), then both edit offline.
    b.context.db.transaction(() => {
      insertDocument(b.context, {
        id: doc.id,
        document: validateDraft(noticeDraft()).document,
        createdBy: zhang.id,
        at: new Date().toISOString(),
      });
    })();
    b.bodies.apply(doc.id, Y.encodeStateAsUpdate(a.bodies.doc(doc.id)), zhang, 'remote');
    const bareA = new Y.Doc({ gc: false });
    const bareB = new Y.Doc({ gc: false });
    Y.applyUpdate(bareA, Y.encodeStateAsUpdate(a.bodies.doc(doc.id)));
    Y.applyUpdate(bareB, Y.encodeStateAsUpdate(a.bodies.doc(doc.id)));
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const session = (core: typeof a, bare: Y.Doc, who: typeof zhang, mark: string) => {
      for (let i = 0; i < sessionEdits; i++) {
        const length = bare.getText(bodyTextName).length;
        const index = Math.floor(random() * length);
        const deleteCount = i % 4 === 3 && index < length - 1 ? 1 : 0;
        const insert = deleteCount === 0 ? mark : '';
        core.bodies.edit(doc.id, who, { index, deleteCount, insert });
        bare.getText(bodyTextName).delete(index, deleteCount);
        if (insert) bare.getText(bodyTextName).insert(index, insert);
      }
    };
    const typed = performance.now();
    session(a, bareA, zhang, '甲');
    session(b, bareB, li, '乙');
    console.log(
      `  (typing the 2 × ${sessionEdits} edits, each persisted with its outbox op: ${((performance.now() - typed) / 1000).toFixed(1)} s)`,
    );

    const bareStart = performance.now();
    const toB = Y.encodeStateAsUpdate(bareA, Y.encodeStateVector(bareB));
    const toA = Y.encodeStateAsUpdate(bareB, Y.encodeStateVector(bareA));
    Y.applyUpdate(bareA, toA);
    Y.applyUpdate(bareB, toB);
    const bareMs = performance.now() - bareStart;
    const start = performance.now();
    const docA = a.bodies.doc(doc.id);
    const docB = b.bodies.doc(doc.id);
    const missingInB = Y.encodeStateAsUpdate(docA, Y.encodeStateVector(docB));
    const missingInA = Y.encodeStateAsUpdate(docB, Y.encodeStateVector(docA));
    a.bodies.apply(doc.id, missingInA, zhang, 'remote');
    b.bodies.apply(doc.id, missingInB, li, 'remote');
    const mergeMs = performance.now() - start;
    const textA = docA.getText(bodyTextName).toString();
    const same = textA === docB.getText(bodyTextName).toString();
    const count = (mark: string) => [...textA].filter((c) => c === mark).length;
    console.log(
      `  ${'merge into both laptops’ stores (persisted, search text updated)'.padEnd(64)} ${mergeMs.toFixed(1).padStart(8)} ms`,
    );
    console.log(
      `  ${'peer: the same merge of two bare in-memory Y.Docs'.padEnd(64)} ${bareMs.toFixed(1).padStart(8)} ms`,
    );
    console.log(
      `  → converged: ${same}; 甲 ${count('甲')}, 乙 ${count('乙')} characters kept after the sessions' own deletions`,
    );
  } finally {
    a.cleanup();
    b.cleanup();
  }
}
