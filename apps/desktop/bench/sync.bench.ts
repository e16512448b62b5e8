import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Actor } from '@oa/shared';
import { HubClient } from '@oa/exchange-server';
import { adminCredentials, spawnHub, testAgencies } from '@oa/exchange-server/testing';
import { pendingOps } from '../src/core/store/outbox';
import { noticeDraft, tempCore } from '../src/core/test-support';

/**
 * Sync benchmark (issue #6: 10,000 operations pushed and pulled through a local hub ≤ 5 s):
 * laptop A makes 2,000 drafts and moves each two steps (5 ops each: save, body, start, two
 * completions) offline, then pushes all 10,000 ops to a hub process on SQLite; an empty laptop
 * B pulls and applies them. Peer in the same run: the same push batches posted to a bare
 * node:http server that only parses the JSON (the floor set by HTTP and JSON alone).
 */
const drafts = 2_000;

/**
 * CPU time used so far by this process (the laptops) and by the hub process, in ms: unlike the
 * wall time it hardly moves when other work loads the machine. The hub's is read from
 * /proc/<pid>/stat (Linux; null elsewhere).
 */
function cpuMs(hubPid: number | undefined): { laptop: number; hub: number | null } {
  const own = process.cpuUsage();
  let hub: number | null;
  try {
    const fields = readFileSync(`/proc/${hubPid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime: fields 14 and 15 of stat (11 and 12 after the command name), in ticks of 1/100 s (USER_HZ).
    hub = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    hub = null;
  }
  return { laptop: (own.user + own.system) / 1000, hub };
}
const zhang: Actor = { id: 'u-zhang', name: '张三', roles: ['drafter'] };
const li: Actor = { id: 'u-li', name: '李四', roles: ['reviewer'] };

const dataDir = mkdtempSync(join(tmpdir(), 'oa-sync-bench-'));
const hub = await spawnHub(['--data-dir', dataDir, '--log-level', 'warn'], {
  OA_HUB_ADMIN_USER: adminCredentials.username,
  OA_HUB_ADMIN_PASSWORD: adminCredentials.password,
});
const a = tempCore({ sync: { session: () => session } });
const b = tempCore({ sync: { session: () => session } });
let session: { url: string; token: string } | null = null;
try {
  const admin = new HubClient(hub.url);
  await admin.login(adminCredentials.username, adminCredentials.password);
  const agency = testAgencies.city;
  await admin.registerAgency({ code: agency.code, name: agency.name, level: agency.level });
  await admin.createUser({
    username: 'bench',
    password: 'bench-password-2026',
    memberships: [{ agencyCode: agency.code, role: 'viewer' }],
  });
  session = { url: hub.url, token: (await new HubClient(hub.url).login('bench', 'bench-password-2026')).token };

  for (let i = 0; i < drafts; i++) {
    const doc = a.documents.createDraft(zhang, noticeDraft({ title: `关于第${i}批事项的通知` }));
    const flow = a.workflows.start(zhang, { documentId: doc.id, direction: 'outgoing' });
    a.workflows.act(zhang, {
      instanceId: flow.id,
      action: { type: 'complete', stepId: 'draft', opinion: '请审核。', next: { assignees: [li] } },
    });
    a.workflows.act(li, {
      instanceId: flow.id,
      action: { type: 'complete', stepId: 'review', opinion: '同意。', next: { assignees: [zhang] } },
    });
  }
  const ops = pendingOps(a.context, 1_000_000);
  console.log(`sync through a local hub (SQLite), ${ops.length} ops from ${drafts} drafts`);

  // Peer: the same batches to a server that only parses them.
  const peer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { ops: unknown[] };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ results: body.ops.length }));
    });
  });
  await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
  const port = (peer.address() as { port: number }).port;
  let started = performance.now();
  for (let i = 0; i < ops.length; i += 200) {
    await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: a.context.deviceId, ops: ops.slice(i, i + 200) }),
    }).then((r) => r.json());
  }
  const peerMs = performance.now() - started;
  peer.close();

  const cpuBefore = cpuMs(hub.child.pid);
  started = performance.now();
  const pushed = await a.sync.syncNow();
  const pushMs = performance.now() - started;
  const cpuPushed = cpuMs(hub.child.pid);
  if (pushed.pendingOps !== 0 || pushed.openConflicts !== 0)
    throw new Error(`push incomplete: ${JSON.stringify(pushed)}`);
  started = performance.now();
  const pulled = await b.sync.syncNow();
  const pullMs = performance.now() - started;
  const cpuPulled = cpuMs(hub.child.pid);
  const instances = (b.context.db.prepare('SELECT count(*) AS n FROM workflow_instances').get() as { n: number }).n;
  if (pulled.connection !== 'online' || instances !== drafts)
    throw new Error(`pull incomplete: ${instances} instances`);

  const cpu = (from: ReturnType<typeof cpuMs>, to: ReturnType<typeof cpuMs>) =>
    `   CPU laptop ${(to.laptop - from.laptop).toFixed(0).padStart(5)} ms, hub ${
      to.hub === null || from.hub === null ? '  n/a' : (to.hub - from.hub).toFixed(0).padStart(5)
    } ms`;
  const row = (label: string, ms: number, cpuText = '') =>
    console.log(
      `  ${label.padEnd(58)} ${ms.toFixed(0).padStart(7)} ms ${((ops.length / ms) * 1000).toFixed(0).padStart(7)} ops/s${cpuText}`,
    );
  row('peer: batches of 200 to a bare node:http JSON server', peerMs);
  row('push: outbox → hub (judged by the state machine, stored)', pushMs, cpu(cpuBefore, cpuPushed));
  row('pull: hub → empty laptop (applied to its store)', pullMs, cpu(cpuPushed, cpuPulled));
  row('push + pull (issue #6 target ≤ 5000 ms)', pushMs + pullMs, cpu(cpuBefore, cpuPulled));
  console.log(
    `  load average at the end: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(', ')} (${cpus().length} cores)`,
  );
} finally {
  a.cleanup();
  b.cleanup();
  await hub.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
