import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '@oa/shared';
import { adminCredentials, registerMembers, spawnHub, type HubProcess } from '@oa/exchange-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noticeDraft, tempCore } from '../test-support';
import type { DraftPresenceView } from './draft-rooms';
import type { HubSession } from './transport';
import * as Y from 'yjs';
import { diffSnapshots, takeSnapshot } from '../drafts/revisions';

const zhang: Actor = { id: 'u-zhang', name: '张三', roles: ['drafter'] };
const li: Actor = { id: 'u-li', name: '李四', roles: ['reviewer'] };

let hub: HubProcess;
let hubDir: string;
let tokens: { city: string; county: string };

/** A TCP path to the hub that can be cut (the laptop's network going away) and restored. */
async function cuttableLink(target: string) {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let listenPort = 0;
  const open = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(Number(port), hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(listenPort, '127.0.0.1', () => {
        const address = server!.address();
        listenPort = typeof address === 'object' && address ? address.port : 0;
        resolve();
      });
    });
  await open();
  return {
    url: () => `http://127.0.0.1:${listenPort}`,
    cut: async () => {
      const closed = new Promise((resolve) => server!.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
      await new Promise((resolve) => setImmediate(resolve));
    },
    restore: open,
    close: async () => {
      const closed = new Promise((resolve) => server!.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

function laptop(session: () => HubSession) {
  return tempCore({ sync: { session } });
}

async function until(check: () => boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not reached in time: ${check.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const text = (core: ReturnType<typeof tempCore>, id: string) =>
  core.bodies
    .blocks(id)
    .map((b) => b.text)
    .join('\n');
const names = (view: DraftPresenceView) => view.people.map((p) => p.name);

beforeAll(async () => {
  hubDir = mkdtempSync(join(tmpdir(), 'oa-rooms-hub-'));
  hub = await spawnHub(['--data-dir', hubDir, '--log-level', 'warn'], {
    OA_HUB_ADMIN_USER: adminCredentials.username,
    OA_HUB_ADMIN_PASSWORD: adminCredentials.password,
  });
  tokens = await registerMembers(hub.url, ['city', 'county'], 'room-laptop-password-2026');
}, 60_000);
afterAll(async () => {
  await hub?.stop();
  rmSync(hubDir, { recursive: true, force: true });
});

describe("drafts' live rooms through a real hub", () => {
  it('edits flow live between two laptops with presence; a laptop that loses the network merges when it returns', async () => {
    const link = await cuttableLink(hub.url);
    const a = laptop(() => ({ url: hub.url, token: tokens.city }));
    const b = laptop(() => ({ url: link.url(), token: tokens.city }));
    try {
      const doc = a.documents.createDraft(zhang, noticeDraft({ title: '关于协同起草测试的通知' }));
      await a.sync.syncNow();
      await b.sync.syncNow();
      expect(text(b, doc.id)).toBe(text(a, doc.id));

      a.rooms.join(doc.id, zhang);
      b.rooms.join(doc.id, li);
      await until(() => names(a.rooms.presence(doc.id)).includes('李四'));
      await until(() => names(b.rooms.presence(doc.id)).includes('张三'));

      // Live: no sync round, the edit reaches the other laptop and is persisted there.
      a.bodies.edit(doc.id, zhang, { index: 0, deleteCount: 0, insert: '【急】' });
      await until(() => text(b, doc.id).startsWith('【急】'));
      b.bodies.edit(doc.id, li, { index: 3, deleteCount: 0, insert: '请各单位' });
      await until(() => text(a, doc.id) === text(b, doc.id));
      const row = b.context.db.prepare('SELECT count(*) AS n FROM draft_updates WHERE document_id = ?').get(doc.id);
      expect((row as { n: number }).n).toBeGreaterThan(1);

      // B's network goes away: both keep editing; A no longer sees B.
      await link.cut();
      await until(() => b.rooms.presence(doc.id).connection !== 'online');
      await until(() => !names(a.rooms.presence(doc.id)).includes('李四'));
      const endA = text(a, doc.id).length;
      a.bodies.edit(doc.id, zhang, { index: endA, deleteCount: 0, insert: '（张三补充）' });
      b.bodies.edit(doc.id, li, { index: 0, deleteCount: 0, insert: '（李四离线修改）' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(text(b, doc.id)).not.toContain('张三补充');

      // Back: the next sync round finds the hub and the room reconnects; both sides get what they missed.
      await link.restore();
      expect((await b.sync.syncNow()).connection).toBe('online');
      await until(() => text(a, doc.id) === text(b, doc.id) && text(a, doc.id).includes('李四离线修改'));
      expect(text(a, doc.id)).toContain('张三补充');
      await until(() => names(a.rooms.presence(doc.id)).includes('李四'));

      // Leaving: presence goes.
      b.rooms.leave(doc.id);
      expect(b.rooms.presence(doc.id).connection).toBe('closed');
      await until(() => !names(a.rooms.presence(doc.id)).includes('李四'));
    } finally {
      a.cleanup();
      b.cleanup();
      await link.close();
    }
  }, 30_000);

  it("editors' own Y.Docs type at once on two laptops: both get both texts, attributed, and see each other's cursor", async () => {
    const a = laptop(() => ({ url: hub.url, token: tokens.city }));
    const b = laptop(() => ({ url: hub.url, token: tokens.city }));
    /** What the renderer does: its own Y.Doc, pushing what it types and pulling what the laptop has. */
    const editor = (core: ReturnType<typeof tempCore>, documentId: string, person: Actor) => {
      const doc = new Y.Doc({ gc: false });
      const pull = () => Y.applyUpdate(doc, core.bodies.diff(documentId, Y.encodeStateVector(doc)).update, 'core');
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== 'core') core.bodies.apply(documentId, update, person, 'local');
      });
      pull();
      return { doc, text: doc.getText('body'), pull };
    };
    try {
      const doc = a.documents.createDraft(zhang, noticeDraft({ title: '关于同时起草的通知' }));
      await a.sync.syncNow();
      await b.sync.syncNow();
      a.rooms.join(doc.id, zhang);
      b.rooms.join(doc.id, li);
      const zhangEditor = editor(a, doc.id, zhang);
      const liEditor = editor(b, doc.id, li);
      await until(() => names(a.rooms.presence(doc.id)).includes('李四'));
      const before = takeSnapshot(a.context, a.bodies, { documentId: doc.id, label: '起草', person: zhang });

      // Both type at the same moment, in different places.
      zhangEditor.text.insert(0, '张三写的开头。');
      liEditor.text.insert(liEditor.text.length - 1, '李四写的结尾。');
      await until(() => {
        zhangEditor.pull();
        liEditor.pull();
        return (
          zhangEditor.text.toString().includes('李四写的结尾') && liEditor.text.toString().includes('张三写的开头')
        );
      });
      expect(zhangEditor.text.toString()).toBe(liEditor.text.toString());
      expect(text(a, doc.id)).toBe(text(b, doc.id));

      // The cursor 李四 places after 结尾 is where 张三's copy shows it, even after 张三 types before it.
      const at = liEditor.text.toString().indexOf('结尾') + 2;
      const position = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(liEditor.text, at));
      b.rooms.setCursor(doc.id, { anchor: position, head: position });
      await until(() => a.rooms.presence(doc.id).people.some((p) => p.cursor !== null));
      zhangEditor.text.insert(0, '【急】');
      const seen = a.rooms.presence(doc.id).people.find((p) => p.name === '李四')!.cursor!;
      const absolute = Y.createAbsolutePositionFromRelativePosition(
        Y.createRelativePositionFromJSON(seen.head),
        zhangEditor.doc,
      );
      expect(zhangEditor.text.toString().slice(0, absolute!.index)).toMatch(/李四写的结尾$/);

      // The revision marks know who typed what through the editors.
      const after = takeSnapshot(a.context, a.bodies, { documentId: doc.id, label: '核稿', person: zhang });
      const changes = diffSnapshots(a.context, a.bodies, { documentId: doc.id, from: before.id, to: after.id });
      expect(changes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            type: 'insert',
            text: '【急】张三写的开头。',
            author: expect.objectContaining({ name: '张三' }),
          }),
          expect.objectContaining({
            type: 'insert',
            text: '李四写的结尾。',
            author: expect.objectContaining({ name: '李四' }),
          }),
        ]),
      );
    } finally {
      a.cleanup();
      b.cleanup();
    }
  }, 30_000);

  it("refuses another agency's laptop: it never receives the draft's body", async () => {
    const city = laptop(() => ({ url: hub.url, token: tokens.city }));
    const ids: string[] = [];
    const county = tempCore({
      sync: { session: () => ({ url: hub.url, token: tokens.county }) },
      newId: () => ids.shift() ?? randomUUID(),
    });
    try {
      const doc = city.documents.createDraft(zhang, noticeDraft({ title: '关于内部协同的通知' }));
      await city.sync.syncNow();
      city.rooms.join(doc.id, zhang);
      city.bodies.edit(doc.id, zhang, { index: 0, deleteCount: 0, insert: '内部密级内容：' });
      // The county laptop makes a document with the same id (a guessed or copied id) and tries the room.
      ids.push(doc.id);
      expect(county.documents.createDraft(li, noticeDraft({ title: '县里的文稿' })).id).toBe(doc.id);
      county.rooms.join(doc.id, li);
      await until(() => county.rooms.presence(doc.id).connection === 'refused');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(text(county, doc.id)).not.toContain('内部密级内容');
      expect(names(city.rooms.presence(doc.id))).toEqual([]);
    } finally {
      city.cleanup();
      county.cleanup();
    }
  }, 30_000);
});
