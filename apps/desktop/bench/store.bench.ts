import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { bodyTextName } from '../src/core/drafts/body-text';
import { loadUpdates } from '../src/core/drafts/update-log';
import { searchDocuments } from '../src/core/store/search';
import { setSetting } from '../src/core/store/settings';
import { noticeDraft, tempCore } from '../src/core/test-support';
import { fillDocuments } from './documents';

/**
 * Local store benchmarks (`pnpm --filter @oa/desktop bench`), each against a named peer in
 * the same run:
 *   1. search over 20 000 documents: FTS5 trigram MATCH vs LIKE on the same rows (the peer,
 *      and what 1–2 character terms use), for a selective and a frequent term. LIKE stops
 *      after 50 hits in date order, so it is fast for frequent terms and slow for rare ones;
 *   2. loading a draft body edited 2 000 times: one compacted row vs 2 000 update rows.
 */
const documentCount = 20_000;
const edits = 2_000;

function time(label: string, runs: number, run: () => unknown): number {
  run();
  const start = performance.now();
  for (let i = 0; i < runs; i += 1) run();
  const ms = (performance.now() - start) / runs;
  console.log(`  ${label.padEnd(52)} ${ms.toFixed(3).padStart(9)} ms`);
  return ms;
}

const core = tempCore();
try {
  const person = { id: 'bench', name: '基准' };
  const started = performance.now();
  fillDocuments(core.context, documentCount);
  console.log(`search (${documentCount} documents, indexed in ${(performance.now() - started).toFixed(0)} ms)`);
  const like = core.context.db.prepare(
    'SELECT id FROM documents WHERE title LIKE ? OR body_text LIKE ? ORDER BY updated_at DESC LIMIT 50',
  );
  // A selective term (one document) and a frequent one (one document in eight).
  for (const term of ['第12345批', '档案移交']) {
    const fts = time(`FTS5 trigram "${term}" (searchDocuments)`, 30, () => searchDocuments(core.context, term, 50));
    const scan = time(`peer: LIKE "%${term}%" on the same rows`, 30, () => like.all(`%${term}%`, `%${term}%`));
    console.log(`  → the LIKE query takes ${(scan / fts).toFixed(2)}× the FTS5 time`);
  }
  time('LIKE fallback "档案" (two characters, searchDocuments)', 30, () => searchDocuments(core.context, '档案', 50));

  console.log(`draft body loading (${edits} edits)`);
  setSetting(core.context, 'draft.compactThreshold', 100_000);
  const draft = core.documents.createDraft(person, noticeDraft());
  for (let i = 0; i < edits; i += 1)
    core.bodies.edit(draft.id, person, { index: 0, deleteCount: i % 3 === 0 ? 1 : 0, insert: '改' });
  const load = () => {
    const doc = new Y.Doc({ gc: false });
    for (const update of loadUpdates(core.context, draft.id)) Y.applyUpdate(doc, update);
    return doc.getText(bodyTextName).length;
  };
  const rows = time(`peer: ${edits} update rows`, 20, load);
  setSetting(core.context, 'draft.compactThreshold', 2);
  core.bodies.edit(draft.id, person, { index: 0, deleteCount: 0, insert: '终' });
  const merged = time('one compacted row', 20, load);
  console.log(`  compaction loads ${(rows / merged).toFixed(1)}× faster`);
} finally {
  core.cleanup();
}
