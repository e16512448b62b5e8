import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOaError } from '@oa/shared';
import { verifyAuditChain, sha256Hex } from './audit/chain';
import { composeReceipt, composeSend } from './client/compose';
import { HubClient, type SendRequest } from './client/hub-client';
import { inboxCursor } from './exchange/service';
import { BlobFiles } from './storage/blob-files';
import type { SqlDriver } from './storage/driver';
import { blobsDirName } from './storage/open';
import { PostgresDriver } from './storage/postgres-driver';
import { SqliteDriver } from './storage/sqlite-driver';
import { adminCredentials, populate, type Backend } from './test-support/hub';
import { createTestPki, sealedPdf, testAgencies, type TestPki } from './test-support/pki';
import { startTestPostgres, type TestPostgres } from './test-support/postgres';
import { freePort, spawnHub, type HubProcess } from './test-support/process';

/**
 * The crash test of the "done when": a client sends 500 sealed documents with
 * sender-chosen ids, retrying whatever got no answer, while the hub process is killed with
 * SIGKILL twice and restarted; meanwhile a recipient system fetches and signs for what arrives.
 * Afterwards every document is stored exactly once, every acknowledged send is there, every
 * recipient state agrees with the audit trail, and the audit chain verifies.
 */
const documents = 500;
const senders = 8;
/** Acknowledged sends after which the hub is killed (mid-run: requests are always in flight). */
const killAfter = [150, 330];
const city = testAgencies.city.code;
const county = testAgencies.county.code;
const bureau = testAgencies.bureau.code;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a failed call may simply be tried again: no answer, or the hub failed inside. */
function retryable(error: unknown): boolean {
  if (!isOaError(error)) return false;
  const status = Number(error.details?.['status'] ?? 0);
  return error.code === 'HUB_UNREACHABLE' || status >= 500;
}

/** How long a client keeps retrying one call (a restart takes seconds on a busy machine). */
const patienceMs = 60_000;

/** Calls `work` until it gets an answer: what a client does while its hub restarts. */
async function persist<T>(work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + patienceMs;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (!retryable(error) || Date.now() > deadline) throw error;
      await pause(25);
    }
  }
}

let pki: TestPki;
let postgres: TestPostgres | undefined;
let pdfs: Uint8Array[];

beforeAll(async () => {
  pki = await createTestPki();
  postgres = await startTestPostgres();
  // A few sealed PDFs, reused; each send still differs by its attachment, id and envelope.
  pdfs = await Promise.all([1, 2, 3, 4].map((n) => sealedPdf(pki.seals.city, `Crash test notice ${n}`)));
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
  pki?.remove();
});

describe.each<Backend>(['sqlite', 'postgres'])('a hub killed with SIGKILL during 500 sends (%s)', (backend) => {
  let storage: string[];
  let open: () => SqlDriver;
  let dataDir: string | undefined;
  /** The hub process of the moment, stopped after a failed run too. */
  let running: (() => HubProcess) | undefined;

  beforeAll(async () => {
    if (backend === 'sqlite') {
      const dir = mkdtempSync(path.join(tmpdir(), 'oa-hub-crash-'));
      dataDir = dir;
      storage = ['--data-dir', dir];
      open = () => new SqliteDriver(path.join(dir, 'hub.sqlite'));
    } else {
      const url = await postgres!.createDatabase();
      storage = ['--database-url', url];
      open = () => new PostgresDriver(url, 2);
    }
  });
  afterAll(async () => {
    const hub = running?.();
    if (hub?.child.exitCode === null && hub.child.signalCode === null) await hub.kill();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores every document exactly once, loses nothing acknowledged, keeps states consistent', async () => {
    const port = await freePort();
    // Verification on the request thread: a hub without its worker pool restarts in half the time.
    const start = () =>
      spawnHub(
        [...storage, '--trust-root', pki.rootPemFile, '--log-level', 'warn', '--verify-workers', '0'],
        { OA_HUB_ADMIN_USER: adminCredentials.username, OA_HUB_ADMIN_PASSWORD: adminCredentials.password },
        'src/main.ts',
        { port },
      );
    let hub: HubProcess = await start();
    running = () => hub;
    const admin = new HubClient(hub.url);
    await admin.login(adminCredentials.username, adminCredentials.password);
    // Tokens are signed with the secret kept in the database, so they outlive a restart.
    const clients = await populate({ url: hub.url, admin }, pki);

    const requests: Array<{ id: string; request: SendRequest; attachmentSha256: string }> = [];
    for (let i = 0; i < documents; i++) {
      const attachment = new TextEncoder().encode(`序号,单位\n${i + 1},秣陵县\n`);
      const { request, envelope } = await composeSend(
        pki.seals.city,
        {
          messageId: `crash-${backend}-${String(i).padStart(4, '0')}`,
          sender: city,
          recipients: [county, bureau],
          title: `关于第${i + 1}批防汛物资调拨的通知`,
          docNumber: `宁政办发〔2026〕${i + 1}号`,
          kind: 'notice',
        },
        pdfs[i % pdfs.length]!,
        [{ name: `附件${i + 1}.csv`, mediaType: 'text/csv', data: attachment }],
      );
      requests.push({ id: envelope.messageId, request, attachmentSha256: sha256Hex(attachment) });
    }

    // ——— The run: senders retry until answered; the hub dies twice; the county signs for arrivals. ———
    const acknowledged = new Map<string, 'stored' | 'duplicate'>();
    const acknowledgedBeforeKill: string[][] = [];
    let attempts = 0;
    let next = 0;
    const sending = Promise.all(
      Array.from({ length: senders }, async () => {
        for (let i = next++; i < requests.length; i = next++) {
          const { id, request } = requests[i]!;
          const answer = await persist(() => {
            attempts++;
            return clients.city.send(request);
          });
          expect(answer.message.messageId).toBe(id);
          acknowledged.set(id, answer.duplicate ? 'duplicate' : 'stored');
        }
      }),
    );

    const killing = (async () => {
      for (const threshold of killAfter) {
        while (acknowledged.size < threshold) await pause(5);
        acknowledgedBeforeKill.push([...acknowledged.keys()]);
        await hub.kill();
        hub = await start();
      }
    })();

    let sendsDone = false;
    const signedByCounty = new Set<string>();
    const receiving = (async () => {
      for (;;) {
        const pending = await persist(() => clients.county.inbox({ states: ['waiting', 'delivered'], limit: 50 }));
        if (pending.length === 0) {
          if (sendsDone) return;
          await pause(20);
          continue;
        }
        // The page's messages side by side, as a receiving system with several workers would.
        await Promise.all(
          pending.map(async (message) => {
            const pdf = await persist(() => clients.county.document(message.messageId));
            expect(sha256Hex(pdf)).toBe(message.documentSha256);
            const receipt = await composeReceipt(pki.seals.county, {
              messageId: message.messageId,
              recipient: county,
              documentSha256: message.documentSha256,
            });
            try {
              await persist(() => clients.county.signFor(message.messageId, receipt));
            } catch (error) {
              // Our first sign-for was committed but its answer lost with the hub: already signed for.
              if (!isOaError(error) || error.code !== 'STATE_CONFLICT') throw error;
            }
            signedByCounty.add(message.messageId);
          }),
        );
      }
    })();

    await Promise.all([sending, killing]);
    sendsDone = true;
    await receiving;

    // ——— Afterwards, through the API of the twice-restarted hub. ———
    expect(acknowledged.size).toBe(documents);
    // Each kill came mid-run: after its threshold (a few more answers may land while it is noticed).
    for (const [k, ids] of acknowledgedBeforeKill.entries()) {
      expect(ids.length).toBeGreaterThanOrEqual(killAfter[k]!);
      expect(ids.length).toBeLessThan(documents);
    }
    expect(acknowledgedBeforeKill).toHaveLength(killAfter.length);
    expect(attempts).toBeGreaterThan(documents); // the kills did cut sends off
    const statuses = await Promise.all(requests.map(({ id }) => persist(() => clients.city.status(id))));
    for (const [i, status] of statuses.entries()) {
      expect(status.messageId).toBe(requests[i]!.id);
      expect(Object.fromEntries(status.recipients.map((r) => [r.agency, [r.state, r.hasReceipt]]))).toEqual({
        [county]: ['signed-for', true],
        [bureau]: ['waiting', false],
      });
      expect(status.attachments.map((a) => a.sha256)).toEqual([requests[i]!.attachmentSha256]);
    }
    expect(signedByCounty.size).toBe(documents);
    const bureauInbox: string[] = [];
    for (let after: string | undefined; ;) {
      const page = await clients.bureau.inbox({ states: ['waiting'], limit: 500, ...(after ? { after } : {}) });
      bureauInbox.push(...page.map((m) => m.messageId));
      if (page.length < 500) break;
      after = inboxCursor(page[page.length - 1]!);
    }
    expect(bureauInbox.sort()).toEqual(requests.map((r) => r.id));

    const { rows, head } = await admin.auditAll();
    expect(verifyAuditChain(rows, { head }).ok).toBe(true);
    const actions = new Map<string, number>();
    for (const row of rows) {
      const data = row.entry?.data;
      if (!data || !String(data['messageId']).startsWith(`crash-${backend}-`)) continue;
      const key = `${row.entry!.action} ${String(data['messageId'])} ${String(data['recipient'] ?? '')}`;
      actions.set(key, (actions.get(key) ?? 0) + 1);
    }
    // Each send, delivery and receipt is recorded exactly once; nothing else happened.
    expect(actions.size).toBe(documents * 3);
    expect([...actions.values()].every((n) => n === 1)).toBe(true);
    for (const { id } of requests) {
      expect(actions.has(`message.sent ${id} `)).toBe(true);
      expect(actions.has(`recipient.delivered ${id} ${county}`)).toBe(true);
      expect(actions.has(`recipient.signed-for ${id} ${county}`)).toBe(true);
    }

    expect(await hub.stop()).toBe(0);

    // ——— And in the database itself. ———
    const db = open();
    try {
      if (backend === 'sqlite') {
        expect(await db.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      }
      const count = async (sql: string) => Number((await db.get<{ n: unknown }>(sql))!.n);
      expect(await count("SELECT COUNT(*) AS n FROM messages WHERE id LIKE 'crash-%'")).toBe(documents);
      expect(await count("SELECT COUNT(*) AS n FROM recipients WHERE message_id LIKE 'crash-%'")).toBe(documents * 2);
      expect(await count("SELECT COUNT(*) AS n FROM attachments WHERE message_id LIKE 'crash-%'")).toBe(documents);
      // No recorded audit entry was left out of the chain.
      expect(await count('SELECT COUNT(*) AS n FROM audit_pending')).toBe(0);
      // Content-addressed: the four PDFs and the 500 attachments, each stored once, nothing unreferenced.
      expect(await count('SELECT COUNT(*) AS n FROM blobs')).toBe(pdfs.length + documents);
      expect(
        await count(
          'SELECT COUNT(*) AS n FROM blobs b WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.document_sha256 = b.sha256) AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.sha256 = b.sha256)',
        ),
      ).toBe(0);
      if (backend === 'sqlite') {
        // Each document kept as a file is there, whole: its content hashes to its name.
        const files = new BlobFiles(path.join(dataDir!, blobsDirName));
        const rows = await db.all<{ sha256: string; size: number }>('SELECT sha256, size FROM blobs WHERE in_file = 1');
        expect(rows).toHaveLength(pdfs.length + documents);
        for (const row of rows) {
          const data = await files.read(row.sha256);
          expect(data?.byteLength).toBe(Number(row.size));
          expect(sha256Hex(data!)).toBe(row.sha256);
        }
      }
    } finally {
      await db.close();
    }
  }, 180_000);
});
