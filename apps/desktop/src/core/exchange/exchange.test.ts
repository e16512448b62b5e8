import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestPki, startTestHub, testAgencies, type TestPki } from '@oa/exchange-server/testing';
import type { Actor } from '@oa/shared';
import { composeReceipt, composeSend } from '@oa/exchange-server';
import { createKeyStore, verifyPdf } from '@oa/signature';
import { registerDemoSeal } from '@oa/signature/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeApi } from '../api/invoke';
import { apiErrorCode, callApi, coreSet, noticeDraft, testPassword } from '../test-support';
import type { DesktopCore } from '../core';
import { loadTrustRoot } from './link';
import { verifyIncoming } from './verify-incoming';

/**
 * 登记 → 用印 → 核发 in one agency and 收文 in another, through a real hub with a real test PKI:
 * numbering, the seal where the typesetter put it, a wrong PIN, the send, the verification
 * badge, 签收 with a signed receipt that the sender verifies, 退回 with a reason.
 */
const pin = '135790';
const cores = coreSet();
let pki: TestPki;
let hub: Awaited<ReturnType<typeof startTestHub>>;

async function agencyCore(key: 'city' | 'county' | 'province', prefix: string): Promise<DesktopCore> {
  const core = cores.open();
  const agency = testAgencies[key];
  const dir = core.context.dataDir;
  const keyStorePath = join(dir, `${key}.p12`);
  writeFileSync(keyStorePath, createKeyStore({ ...pki.seals[key], pin }));
  const record = await registerDemoSeal(pki.ca, pki.seals[key].certificate, agency);
  const sealRecordPath = join(dir, `${key}.seal`);
  writeFileSync(sealRecordPath, record.der);
  await core.accounts.create({
    login: 'clerk',
    displayName: '王文书',
    password: testPassword,
    roles: ['drafter', 'reviewer', 'countersigner', 'leader', 'registrar', 'records-officer'],
  });
  await core.accounts.unlock('clerk', testPassword);
  const configured = await invokeApi(core, 'configureExchange', {
    hubUrl: hub.url,
    agencyCode: agency.code,
    agencyName: agency.name,
    keyStorePath,
    sealRecordPath,
    trustRootPath: pki.rootPemFile,
    docNumberPrefix: prefix,
  });
  expect(configured.ok).toBe(true);
  return core;
}

/** Drafts a 通知 of the city office and walks it to the 用印 step, numbering it at 登记. */
async function draftToSeal(core: DesktopCore, title: string): Promise<{ instanceId: string; docNumber: string }> {
  const actor: Actor = core.accounts.requireActor();
  const person = core.accounts.requireCurrent();
  const draft = core.documents.createDraft(
    person,
    noticeDraft({ title, issuers: [{ name: testAgencies.city.name, code: testAgencies.city.code }] }),
  );
  let flow = core.workflows.start(actor, { documentId: draft.id, direction: 'outgoing' });
  for (const stepId of ['draft', 'review', 'countersign', 'sign-off', 'recheck']) {
    const next = stepId === 'review' ? { next: { assignees: [{ id: actor.id, name: actor.name }] } } : {};
    flow = core.workflows.act(actor, {
      instanceId: flow.id,
      action: { type: 'complete', stepId, opinion: '同意。', ...next },
    });
  }
  const { docNumber } = await callApi<{ docNumber: string }>(core, 'allocateDocNumber', {});
  core.workflows.act(actor, { instanceId: flow.id, action: { type: 'complete', stepId: 'register', docNumber } });
  return { instanceId: flow.id, docNumber };
}

beforeAll(async () => {
  pki = await createTestPki('江东省电子政务根证书', ['city', 'county', 'province']);
  hub = await startTestHub(pki, {});
  for (const key of ['city', 'county', 'province'] as const) {
    const agency = testAgencies[key];
    await hub.admin.registerAgency({ code: agency.code, name: agency.name, level: agency.level });
    await hub.admin.registerSeal(agency.code, pki.seals[key].certificate.toPem());
  }
}, 60_000);
afterAll(async () => {
  cores.cleanup();
  await hub?.close();
  pki?.remove();
});

describe('exchange: registration, seal, dispatch and incoming', () => {
  it('numbers, seals, sends; the recipients verify, sign for and return; the sender sees both', async () => {
    const city = await agencyCore('city', '宁政办发');
    const county = await agencyCore('county', '秣政办发');
    const province = await agencyCore('province', '江政办发');
    const year = new Date().getFullYear();

    // 登记: the sequence counts per prefix and year, and refuses a malformed prefix.
    const { instanceId, docNumber } = await draftToSeal(city, '江宁市人民政府办公室关于做好防汛工作的通知');
    expect(docNumber).toMatch(new RegExp(`^宁政办发〔${year}〕1号$`));
    expect((await callApi<{ docNumber: string }>(city, 'allocateDocNumber', {})).docNumber).toBe(
      `宁政办发〔${year}〕2号`,
    );

    // 用印: the preview shows where the seal lands; a wrong PIN changes nothing.
    const preview = await callApi<{ position: { page: number; diameter: number }; sealed: boolean }>(
      city,
      'sealPreview',
      {
        instanceId,
      },
    );
    expect(preview.sealed).toBe(false);
    expect(preview.position.diameter).toBeGreaterThan(100);
    const wrongPin = await apiErrorCode(city, 'sealDocument', { instanceId, pin: '000000' });
    expect(wrongPin).toMatch(/PIN|KEYSTORE/);
    const sealed = await callApi<{ pdfBase64: string; sealed: boolean }>(city, 'sealDocument', { instanceId, pin });
    expect(sealed.sealed).toBe(true);
    const report = await verifyPdf(Buffer.from(sealed.pdfBase64, 'base64'), {
      trustedRoots: loadTrustRoot(city.exchange.session.status().link!),
    });
    expect(report.verdict).toBe('valid');
    expect(report.signatures[0]!.seal?.agencyCode).toBe(testAgencies.city.code);
    expect(city.workflows.view(city.accounts.requireActor(), instanceId).currentStepId).toBe('dispatch');

    // 核发: recipients come from the hub's directory, by name or code.
    expect(await apiErrorCode(city, 'listIncoming', {})).toBe('EXCHANGE_NOT_CONNECTED');
    await callApi(city, 'connectExchange', { pin });
    const found = await callApi<{ code: string }[]>(city, 'agencyDirectory', { query: '秣陵' });
    expect(found.map((e) => e.code)).toEqual([testAgencies.county.code]);
    const sent = await callApi<{ messageId: string; recipients: { state: string }[] }>(city, 'dispatchDocument', {
      instanceId,
      recipients: [testAgencies.county.code, testAgencies.province.code],
      pin,
    });
    expect(sent.recipients.map((r) => r.state)).toEqual(['waiting', 'waiting']);

    // 收文 in the county: a valid badge naming the city's seal; 签收 starts the 收文 flow.
    await callApi(county, 'connectExchange', { pin });
    // Two refreshes at once (the screen loading while the user presses 刷新) store the arrival once.
    type Incoming = { messageId: string; verification: { verdict: string; seal: { agencyCode: string } } };
    const [inbox, again] = await Promise.all([
      callApi<Incoming[]>(county, 'listIncoming', {}),
      callApi<Incoming[]>(county, 'listIncoming', {}),
    ]);
    expect(again).toEqual(inbox);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.verification.verdict).toBe('valid');
    expect(inbox[0]!.verification.seal.agencyCode).toBe(testAgencies.city.code);
    const signed = await callApi<{ state: string; instanceId: string }>(county, 'signForIncoming', {
      messageId: sent.messageId,
      pin,
    });
    expect(signed.state).toBe('signed-for');
    expect(county.workflows.view(county.accounts.requireActor(), signed.instanceId).currentStepId).toBe('register');
    expect(await apiErrorCode(county, 'returnIncoming', { messageId: sent.messageId, reason: '重复' })).toBe(
      'INCOMING_CLOSED',
    );

    // The province returns it; a return without a reason is refused first.
    await callApi(province, 'connectExchange', { pin });
    await callApi(province, 'listIncoming', {});
    expect(await apiErrorCode(province, 'returnIncoming', { messageId: sent.messageId, reason: ' ' })).toBe(
      'RETURN_REASON_REQUIRED',
    );
    await callApi(province, 'returnIncoming', { messageId: sent.messageId, reason: '非本单位职责' });

    // The city sees both states and the county's receipt, verified against the root.
    const outbox = await callApi<
      {
        recipients: { agencyCode: string; state: string; reason: string | null; receipt: { valid: boolean } | null }[];
      }[]
    >(city, 'listSent', {});
    const byCode = Object.fromEntries(outbox[0]!.recipients.map((r) => [r.agencyCode, r]));
    expect(byCode[testAgencies.county.code]).toMatchObject({ state: 'signed-for', receipt: { valid: true } });
    expect(byCode[testAgencies.province.code]).toMatchObject({ state: 'returned', reason: '非本单位职责' });
  }, 120_000);

  it('a 签收 whose answer was lost (crash, cut line) is recorded on the next refresh, or on retrying it', async () => {
    const city = await agencyCore('city', '宁政办发');
    const county = await agencyCore('county', '秣政办发');
    const province = await agencyCore('province', '江政办发');
    const { instanceId } = await draftToSeal(city, '江宁市人民政府办公室关于加强节日值守的通知');
    await callApi(city, 'connectExchange', { pin });
    await callApi(city, 'agencyDirectory', {});
    await callApi(city, 'sealDocument', { instanceId, pin });
    const sent = await callApi<{ messageId: string }>(city, 'dispatchDocument', {
      instanceId,
      recipients: [testAgencies.county.code, testAgencies.province.code],
      pin,
    });
    type Incoming = { messageId: string; state: string; instanceId: string | null };
    /** Signs for at the hub as the agency system would, without this computer hearing the answer. */
    const signForUnheard = async (core: DesktopCore, code: string) => {
      const keyStore = await core.exchange.session.openKeyStore(pin);
      const client = await core.exchange.session.connectWith(keyStore);
      const [row] = await callApi<Incoming[]>(core, 'listIncoming', {});
      expect(row).toMatchObject({ state: 'delivered', instanceId: null });
      const documentSha256 = createHash('sha256')
        .update(
          Buffer.from(
            (await callApi<{ pdfBase64: string }>(core, 'incomingDocument', { messageId: sent.messageId })).pdfBase64,
            'base64',
          ),
        )
        .digest('hex');
      const receipt = await composeReceipt(keyStore, {
        messageId: sent.messageId,
        recipient: code,
        documentSha256,
        signedAt: new Date(),
      });
      expect((await client.signFor(sent.messageId, receipt)).state).toBe('signed-for');
    };

    await callApi(county, 'connectExchange', { pin });
    await signForUnheard(county, testAgencies.county.code);
    const [recorded] = await callApi<Incoming[]>(county, 'listIncoming', {});
    expect(recorded).toMatchObject({ state: 'signed-for' });
    const flow = county.workflows.view(county.accounts.requireActor(), recorded!.instanceId!);
    expect(flow.currentStepId).toBe('register');
    expect(flow.state.history.at(-1)?.text).toContain('本机补记');

    await callApi(province, 'connectExchange', { pin });
    await signForUnheard(province, testAgencies.province.code);
    const retried = await callApi<Incoming>(province, 'signForIncoming', { messageId: sent.messageId, pin });
    expect(retried).toMatchObject({ state: 'signed-for' });
    expect(province.workflows.view(province.accounts.requireActor(), retried.instanceId!).currentStepId).toBe(
      'register',
    );
    // Refreshing again takes nothing in twice.
    expect(await callApi<Incoming[]>(province, 'listIncoming', {})).toHaveLength(1);
  }, 120_000);

  it('marks a document changed on the way as invalid, with the reasons', async () => {
    const sealedCore = await agencyCore('city', '宁政办发');
    const { instanceId } = await draftToSeal(sealedCore, '江宁市人民政府办公室关于开展安全检查的通知');
    const sealed = await callApi<{ pdfBase64: string }>(sealedCore, 'sealDocument', { instanceId, pin });
    const pdf = Buffer.from(sealed.pdfBase64, 'base64');
    const keyStore = await sealedCore.exchange.session.openKeyStore(pin);
    const { request } = await composeSend(
      keyStore,
      {
        sender: testAgencies.city.code,
        recipients: [testAgencies.county.code],
        title: '江宁市人民政府办公室关于开展安全检查的通知',
        docNumber: '宁政办发〔2026〕3号',
        kind: 'notice',
      },
      pdf,
    );
    const check = (bytes: Uint8Array) =>
      verifyIncoming({
        pdf: bytes,
        envelopeText: request.envelope,
        envelopeSignature: request.signature,
        senderCode: testAgencies.city.code,
        trustedRoots: loadTrustRoot({ trustRootPath: pki.rootPemFile }),
        at: new Date().toISOString(),
      });
    expect((await check(pdf)).view.verdict).toBe('valid');

    // One byte changed inside the signed page content: the sender's hash and the seal's digest both fail.
    const tampered = Buffer.from(pdf);
    const streamAt = tampered.indexOf('stream\n', tampered.indexOf('/Contents')) + 40;
    tampered[streamAt] = tampered[streamAt]! ^ 0xff;
    const { view } = await check(tampered);
    expect(view.verdict).toBe('invalid');
    const codes = view.reasons.map((r) => r.code);
    expect(codes).toContain('CONTENT_MISMATCH');
    expect(codes.some((c) => c === 'DIGEST_MISMATCH' || c === 'PDF_UNREADABLE')).toBe(true);

    // Claimed by another agency: the seal is not the sender's.
    const other = await verifyIncoming({
      pdf,
      envelopeText: request.envelope,
      envelopeSignature: request.signature,
      senderCode: testAgencies.county.code,
      trustedRoots: loadTrustRoot({ trustRootPath: pki.rootPemFile }),
      at: new Date().toISOString(),
    });
    expect(other.view.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['ENVELOPE_SIGNER_MISMATCH', 'SEAL_AGENCY_MISMATCH']),
    );
  }, 60_000);
});
