import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envelopeSchema, type Actor } from '@oa/shared';
import { composeReceipt, composeSend, HubClient } from '@oa/exchange-server';
import {
  adminCredentials,
  createTestPki,
  populate,
  sealedPdf,
  spawnHub,
  testAgencies,
  userPassword,
  type HubProcess,
  type TestPki,
} from '@oa/exchange-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAttachments } from '../store/attachments';
import { getDocument } from '../store/documents';
import { listExchange, recordExchange } from '../store/exchange';
import { tempCore } from '../test-support';
import { listTasks } from '../workflow/task-lists';
import type { HubSession } from '../sync/transport';
import { receiveIncoming } from './receive';

/**
 * Issue #6 "Done when": a full incoming flow (收文) after an exchange. 江宁市 sends a sealed
 * 通知 through a real hub process; 江宁县 takes it in on the registry's laptop (签收 with a
 * receipt signed by the county's seal), and three people on two laptops carry the flow to 办结.
 */
const zhou: Actor = { id: 'u-zhou', name: '周文书', roles: ['registrar'] };
const li: Actor = { id: 'u-li', name: '李主任', roles: ['reviewer'] };
const chen: Actor = { id: 'u-chen', name: '陈县长', roles: ['leader'] };
const zhang: Actor = { id: 'u-zhang', name: '张科长', roles: ['drafter'] };
const person = ({ id, name }: Actor) => ({ id, name });

let hub: HubProcess;
let hubDir: string;
let pki: TestPki;
let clients: Awaited<ReturnType<typeof populate>>;
let countyToken: string;

beforeAll(async () => {
  pki = await createTestPki();
  hubDir = mkdtempSync(join(tmpdir(), 'oa-incoming-hub-'));
  hub = await spawnHub(['--data-dir', hubDir, '--trust-root', pki.rootPemFile, '--log-level', 'warn'], {
    OA_HUB_ADMIN_USER: adminCredentials.username,
    OA_HUB_ADMIN_PASSWORD: adminCredentials.password,
  });
  const admin = new HubClient(hub.url);
  await admin.login(adminCredentials.username, adminCredentials.password);
  clients = await populate({ url: hub.url, admin }, pki);
  countyToken = (await new HubClient(hub.url).login('operator-county', userPassword)).token;
}, 120_000);
afterAll(async () => {
  await hub?.stop();
  rmSync(hubDir, { recursive: true, force: true });
  pki?.remove();
});

describe('a full incoming flow (收文) after an exchange', () => {
  it('signs for a sealed document from another agency and handles it to 办结 on two laptops', async () => {
    const session: HubSession = { url: hub.url, token: countyToken };
    const registry = tempCore({ sync: { session: () => session } }); // 周文书 and 李主任
    const leaders = tempCore({ sync: { session: () => session } }); // 陈县长 and 张科长
    try {
      // 江宁市 sends.
      const pdf = await sealedPdf(pki.seals.city, 'Notice on flood prevention 2026');
      const { request, envelope: sent } = await composeSend(
        pki.seals.city,
        {
          sender: testAgencies.city.code,
          recipients: [testAgencies.county.code],
          title: '江宁市人民政府办公室关于做好2026年防汛工作的通知',
          docNumber: '宁政办发〔2026〕12号',
          kind: 'notice',
          urgency: 'urgent',
        },
        pdf,
      );
      await clients.city.send(request);

      // The registry takes it from the hub's inbox, signs for it with the county's seal, and takes it in.
      const inbox = await clients.county.inbox();
      expect(inbox.map((m) => m.messageId)).toEqual([sent.messageId]);
      const envelope = envelopeSchema.parse(JSON.parse((await clients.county.envelope(sent.messageId)).envelope));
      const bytes = await clients.county.document(sent.messageId);
      await clients.county.signFor(
        sent.messageId,
        await composeReceipt(pki.seals.county, {
          messageId: sent.messageId,
          recipient: testAgencies.county.code,
          documentSha256: envelope.document.sha256,
        }),
      );
      const sender = { code: testAgencies.city.code, name: testAgencies.city.name };
      const recipient = { code: testAgencies.county.code, name: testAgencies.county.name };
      expect(() => receiveIncoming(registry, zhou, { envelope, pdf: bytes.slice(0, -1), sender, recipient })).toThrow(
        expect.objectContaining({ code: 'EXCHANGE_CONTENT_MISMATCH' }),
      );
      const taken = receiveIncoming(registry, zhou, { envelope, pdf: bytes, sender, recipient });
      expect(() => receiveIncoming(registry, zhou, { envelope, pdf: bytes, sender, recipient })).toThrow(
        expect.objectContaining({ code: 'EXCHANGE_ALREADY_RECEIVED' }),
      );
      const flow = taken.instanceId;
      const act = (core: typeof registry, actor: Actor, action: Record<string, unknown>) =>
        core.workflows.act(actor, { instanceId: flow, action: action as never });

      act(registry, zhou, { type: 'complete', stepId: 'sign-for', copies: 1 });
      recordExchange(registry.context, {
        ...listExchange(registry.context, { direction: 'incoming' })[0]!,
        state: 'signed-for',
      });
      act(registry, zhou, { type: 'complete', stepId: 'register', registryNumber: '县收〔2026〕88号' });
      act(registry, li, { type: 'complete', stepId: 'first-review', opinion: '属本县职责，请办理。' });
      act(registry, li, {
        type: 'complete',
        stepId: 'propose',
        opinion: '拟请陈县长阅示，由应急局牵头落实。',
        next: { assignees: [person(chen)] },
      });
      expect((await registry.sync.syncNow()).pendingOps).toBe(0);

      // The leaders' laptop gets the document and the task; 陈县长 instructs, 张科长 handles.
      await leaders.sync.syncNow();
      expect(getDocument(leaders.context, taken.documentId).document).toMatchObject({
        title: envelope.title,
        docNumber: '宁政办发〔2026〕12号',
      });
      expect(listTasks(leaders.context, chen, 'todo', 10).map((t) => t.stepId)).toEqual(['instruct']);
      act(leaders, chen, {
        type: 'complete',
        stepId: 'instruct',
        opinion: '同意，请应急局抓好落实。',
        leadDepartment: '县应急管理局',
        next: { assignees: [person(zhang)] },
      });
      act(leaders, zhang, {
        type: 'complete',
        stepId: 'handle',
        opinion: '已部署各乡镇。',
        next: { assignees: [person(li), person(chen)] },
      });
      act(leaders, chen, { type: 'complete', stepId: 'circulate', opinion: '已阅' });
      await leaders.sync.syncNow();
      await registry.sync.syncNow();
      expect(listTasks(registry.context, li, 'to-read', 10).map((t) => t.stepId)).toEqual(['circulate']);
      act(registry, li, { type: 'complete', stepId: 'circulate', opinion: '已阅' });
      act(registry, zhou, { type: 'complete', stepId: 'close' });
      await registry.sync.syncNow();
      await leaders.sync.syncNow();

      // Both laptops agree: waiting for 归档, every opinion in order, no conflicts.
      const views = [registry, leaders].map((core) => core.workflows.view(zhou, flow));
      expect(views.map((v) => v.currentStepId)).toEqual(['archive', 'archive']);
      expect(views[1]!.state).toEqual(views[0]!.state);
      expect(views[0]!.state).toMatchObject({ copies: 1, registryNumber: '县收〔2026〕88号' });
      expect(views[0]!.opinions.map((o) => o.entry.text).filter((t) => t.length > 0)).toEqual([
        '属本县职责，请办理。',
        '拟请陈县长阅示，由应急局牵头落实。',
        '同意，请应急局抓好落实。',
        '已部署各乡镇。',
        '已阅',
        '已阅',
      ]);
      expect(registry.sync.status().openConflicts + leaders.sync.status().openConflicts).toBe(0);
      // The registry keeps the sealed PDF exactly as received and the exchange record; the hub knows it was signed for.
      const [attachment] = listAttachments(registry.context, taken.documentId);
      expect(attachment).toMatchObject({ mediaType: 'application/pdf', sha256: envelope.document.sha256 });
      expect(listExchange(registry.context, { direction: 'incoming' })[0]).toMatchObject({
        id: sent.messageId,
        state: 'signed-for',
        counterpartName: testAgencies.city.name,
      });
      const status = await clients.city.status(sent.messageId);
      expect(status.recipients).toEqual([
        expect.objectContaining({ agency: testAgencies.county.code, state: 'signed-for', hasReceipt: true }),
      ]);
    } finally {
      registry.cleanup();
      leaders.cleanup();
    }
  }, 120_000);
});
