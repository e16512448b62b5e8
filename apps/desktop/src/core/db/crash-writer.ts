/**
 * A child process for the crash test (database.crash.test.ts): writes to a data directory in an
 * endless loop — drafts with their bodies and outbox ops, body edits, workflow starts and
 * actions — printing the number of finished rounds, until it is killed.
 */
import type { Actor } from '@oa/shared';
import { openDesktopCore } from '../core';
import { noticeDraft } from '../test-support';

const zhang: Actor = { id: 'u-zhang', name: '张三', roles: ['drafter'] };
const li = { id: 'u-li', name: '李四' };
const core = openDesktopCore({ dataDir: process.argv[2]! });
for (let round = 1; ; round++) {
  const doc = core.documents.createDraft(zhang, noticeDraft({ title: `关于第${round}轮写入的通知` }));
  for (let i = 0; i < 3; i++) core.bodies.edit(doc.id, zhang, { index: i, deleteCount: 0, insert: `第${round}改` });
  const flow = core.workflows.start(zhang, { documentId: doc.id, direction: 'outgoing' });
  core.workflows.act(zhang, {
    instanceId: flow.id,
    action: { type: 'complete', stepId: 'draft', opinion: `第${round}轮送审。`, next: { assignees: [li] } },
  });
  process.stdout.write(`${round}\n`);
}
