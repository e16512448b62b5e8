import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getDocument } from '../store/documents';
import { noticeDraft, tempCore } from '../test-support';

const writer = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));

/** Runs the writer on `dataDir` until it has finished `rounds` rounds, then SIGKILLs it mid-write. */
async function killWhileWriting(dataDir: string, rounds: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let done = 0;
  let errors = '';
  child.stderr.on('data', (chunk) => (errors += String(chunk)));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      done = Number(String(chunk).trim().split('\n').at(-1));
      if (done >= rounds) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', () => reject(new Error(`writer exited by itself: ${errors}`)));
  });
  expect(await exited).toBe('SIGKILL');
  return done;
}

describe('a process killed while writing', () => {
  it('leaves a consistent database: integrity, foreign keys, search index, and every change with its outbox op', async () => {
    const core = tempCore();
    const { dataDir } = core;
    core.close();
    let finished = 0;
    for (const rounds of [15, 30]) finished = await killWhileWriting(dataDir, rounds);

    const reopened = tempCore({ dataDir });
    try {
      const db = reopened.context.db;
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      // The external-content FTS index matches the documents table.
      expect(() => db.exec("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')")).not.toThrow();

      const documents = db.prepare('SELECT id FROM documents').all() as { id: string }[];
      expect(documents.length).toBeGreaterThanOrEqual(finished);
      const ops = (db.prepare('SELECT op FROM outbox').all() as { op: string }[]).map(
        (row) => JSON.parse(row.op) as { type: string; documentId: string; instanceId?: string },
      );
      for (const { id } of documents) {
        // A document exists with its save op, or not at all; its body (Yjs) and its JSON agree.
        expect(ops.some((op) => op.type === 'document.save' && op.documentId === id)).toBe(true);
        expect(reopened.bodies.blocks(id)).toEqual(getDocument(reopened.context, id).document.body);
      }
      expect(ops.every((op) => documents.some((d) => d.id === op.documentId))).toBe(true);
      // Each workflow instance's version counts exactly the commands queued for it.
      const instances = db.prepare('SELECT id, version FROM workflow_instances').all() as {
        id: string;
        version: number;
      }[];
      expect(instances.length).toBeGreaterThanOrEqual(finished);
      for (const instance of instances) {
        const commands = ops.filter((op) => op.type === 'workflow.command' && op.instanceId === instance.id);
        expect(commands.length).toBe(instance.version);
      }
      // And work goes on.
      const next = reopened.documents.createDraft({ id: 'u-zhang', name: '张三' }, noticeDraft());
      expect(getDocument(reopened.context, next.id).revision).toBe(1);
    } finally {
      reopened.cleanup();
    }
  }, 60_000);
});
