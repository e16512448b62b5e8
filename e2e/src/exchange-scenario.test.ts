import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { invokeApi } from '@oa/desktop';
import { HubClient } from '@oa/exchange-server';
import { createTestPki, freePort, testAgencies, type TestPki } from '@oa/exchange-server/testing';
import { createKeyStore, issueKey } from '@oa/signature';
import { createNssTrust, pdfsigText, registerDemoSeal } from '@oa/signature/testing';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actOnStep,
  builtRenderer,
  createAccount,
  bodyEditor,
  insertInBody,
  typeBody,
  launchChromium,
  loginWithHub,
  openDesktop,
  screenshot,
  type DesktopUnderTest,
} from './harness';
import { HubProcess } from './hub-process';

/**
 * Two-agency exchange end to end: a real hub process and three agency desktops (their own data
 * directories and web hosts) in Chromium. The city office (A) drafts a 通知, has it reviewed
 * with revision marks and countersigned, the leader batch-signs it with two other documents,
 * the registrar numbers, seals and sends it to the county office (B) and the education bureau
 * (C) — while the hub is down and back. B sees a valid seal, signs for it and runs it to 办结;
 * C returns it with a reason; A sees both states and B's receipt; the PDF B downloaded passes
 * pdfsig with the test root trusted.
 */
const pin = '802417';
const adminPassword = 'hub-admin-口令-2026';
const title = '江宁市人民政府办公室关于做好2026年冬季防汛工作的通知';
const secondTitle = '江宁市人民政府办公室关于开展冬季消防安全检查的通知';
const everyRole = ['核稿人', '会签人', '领导', '文书', '档案员'];

let renderer: Awaited<ReturnType<typeof builtRenderer>>;
let browser: Browser;
let pki: TestPki;
let hub: HubProcess;
let work: string;
/** The leader of A's personal signing key (批量签发), under the same test root. */
let leaderKeyStore: string;
/**
 * a: 王芳 drafts in A; a2: 周丽 (A's 应急管理科) and a3: 陈刚 (A's 财务科), her colleagues, each on
 * their own computer; b, c: the other agencies.
 */
const apps: Record<'a' | 'a2' | 'a3' | 'b' | 'c', DesktopUnderTest> = {} as never;
const agencyOf = { a: 'city', b: 'county', c: 'bureau' } as const;
const prefixOf = { a: '宁政办发', b: '秣政办发', c: '宁教发' } as const;

/** Writes the agency's seal key store and seal record and returns the exchange settings. */
async function agencyFiles(key: 'a' | 'b' | 'c') {
  const agency = testAgencies[agencyOf[key]];
  const keyStorePath = join(work, `${key}.p12`);
  writeFileSync(keyStorePath, createKeyStore({ ...pki.seals[agencyOf[key]], pin }));
  const record = await registerDemoSeal(pki.ca, pki.seals[agencyOf[key]].certificate, agency);
  const sealRecordPath = join(work, `${key}.seal`);
  writeFileSync(sealRecordPath, record.der);
  return {
    hubUrl: hub.url,
    agencyName: agency.name,
    agencyCode: agency.code,
    docNumberPrefix: prefixOf[key],
    keyStorePath,
    sealRecordPath,
    trustRootPath: pki.rootPemFile,
  };
}

const act = actOnStep;
async function searchFor(app: DesktopUnderTest, query: string) {
  const response = await invokeApi(app.core, 'searchDocuments', { query });
  if (!response.ok) throw new Error(response.error.message.zh);
  return response.value as { id: string; title: string }[];
}

const memberPassword = 'member-口令-2026';

/** A person of agency A on the hub with their name and department (处室) (the administrator creates the user). */
async function hubMember(
  username: string,
  name: string,
  department: string,
): Promise<{ hubUrl: string; login: string; password: string; name: string }> {
  const admin = new HubClient(hub.url);
  await admin.login('admin', adminPassword);
  await admin.createUser({
    username,
    password: memberPassword,
    memberships: [{ agencyCode: testAgencies.city.code, role: 'operator' }],
    name,
    department,
  });
  return { hubUrl: hub.url, login: username, password: memberPassword, name };
}
/** Polls up to 15 s: the hub, three web hosts and Chromium share two loaded cores. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

/** Enters the seal PIN in the open dialog. */
async function enterPin(page: Page, value: string) {
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('印章 PIN').fill(value);
  await dialog.getByRole('button', { name: '确定' }).click();
}

/** Two other documents of A, walked to 签发 directly in A's core (the batch signs three at once). */
function otherDocumentsAtSignOff(app: DesktopUnderTest) {
  const core = app.core;
  const actor = core.accounts.requireActor();
  const me = { id: actor.id, name: actor.name };
  for (const other of [secondTitle, '江宁市人民政府办公室关于做好春节期间值班工作的通知']) {
    const draft = core.documents.createDraft(core.accounts.requireCurrent(), {
      kind: '通知',
      issuers: [{ name: testAgencies.city.name, code: testAgencies.city.code }],
      title: other,
      mainRecipients: ['各区人民政府'],
      body: [{ type: 'paragraph', text: '现将有关事项通知如下。' }],
    });
    let flow = core.workflows.start(actor, { documentId: draft.id, direction: 'outgoing' });
    for (const stepId of ['draft', 'review', 'countersign']) {
      flow = core.workflows.act(actor, {
        instanceId: flow.id,
        action: {
          type: 'complete',
          stepId,
          opinion: '同意。',
          ...(stepId === 'countersign' ? {} : { next: { assignees: [me] } }),
        },
      });
    }
  }
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'oa-e2e-exchange-'));
  pki = await createTestPki('江东省电子政务根证书', ['city', 'county', 'bureau']);
  hub = new HubProcess({
    port: await freePort(),
    dataDir: join(work, 'hub'),
    trustRoot: pki.rootPemFile,
    adminPassword,
    tokenSecret: 'e2e-token-secret-that-is-long-enough-0123456789',
  });
  const [built] = await Promise.all([builtRenderer(), hub.start()]);
  renderer = built;
  const leader = await issueKey(pki.ca, {
    profile: 'personal',
    subject: { commonName: '刘主任', organization: testAgencies.city.name, title: '主任', country: 'CN' },
  });
  leaderKeyStore = join(work, 'leader.p12');
  writeFileSync(leaderKeyStore, createKeyStore({ ...leader, pin }));
  const admin = new HubClient(hub.url);
  await admin.login('admin', adminPassword);
  for (const key of ['city', 'county', 'bureau'] as const) {
    const agency = testAgencies[key];
    await admin.registerAgency({ code: agency.code, name: agency.name, level: agency.level });
    await admin.registerSeal(agency.code, pki.seals[key].certificate.toPem());
  }
  browser = await launchChromium();
  for (const key of ['a', 'a2', 'a3', 'b', 'c'] as const) apps[key] = await openDesktop(browser, renderer.dir);
}, 180_000);

afterAll(async () => {
  for (const app of Object.values(apps)) await app?.close();
  await browser?.close();
  await hub?.stop();
  renderer?.remove();
  pki?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('two-agency exchange (hub process + three desktops in Chromium)', () => {
  it('A drafts, reviews with revision marks, countersigns and batch-signs the 通知 with two others', async () => {
    const { page } = apps.a;
    await loginWithHub(apps.a, await hubMember('wangfang', '王芳', '办公室'), everyRole);

    // The exchange settings (checked on save), through the settings screen.
    await page.getByRole('button', { name: '设置', exact: true }).click();
    const form = page.locator('form.exchange-settings');
    const files = await agencyFiles('a');
    const labels: Record<keyof typeof files, string> = {
      hubUrl: '交换中心地址',
      agencyName: '本机关名称',
      agencyCode: '本机关统一社会信用代码',
      docNumberPrefix: '机关代字（发文字号前缀）',
      keyStorePath: '本机关印章证书库（PKCS#12 文件路径）',
      sealRecordPath: '电子印章文件路径',
      trustRootPath: '根证书文件路径（PEM）',
    };
    for (const [name, label] of Object.entries(labels)) {
      await form.getByLabel(label).fill(files[name as keyof typeof files]);
    }
    await form.getByLabel('根证书文件路径（PEM）').fill(join(work, 'missing-root.pem'));
    await form.getByRole('button', { name: '保存交换设置' }).click();
    await poll(() => form.getByRole('alert').textContent()).toContain('无法读取文件');
    expect(await form.getByLabel('本机关名称').inputValue()).toBe(testAgencies.city.name); // nothing typed is lost
    await form.getByLabel('根证书文件路径（PEM）').fill(pki.rootPemFile);
    await form.getByRole('button', { name: '保存交换设置' }).click();
    await form.getByText('交换设置已保存').waitFor();
    await screenshot(page, '20-settings-exchange');

    // Drafting the 通知.
    await page.keyboard.press('Alt+2');
    await page.getByRole('heading', { name: '新建拟稿' }).waitFor();
    await page.getByLabel('发文机关').fill(testAgencies.city.name);
    await page.getByLabel('统一社会信用代码').fill(testAgencies.city.code);
    await page.getByLabel('标题').fill(title);
    await page.getByLabel('主送机关').fill('秣陵县人民政府办公室、江宁市教育局');
    await typeBody(page, [{ text: '为切实做好今冬防汛工作，现就有关事项通知如下。' }]);
    await page.keyboard.press('Control+s');
    await poll(() => page.getByRole('status').filter({ hasText: '已保存' }).count()).toBe(1);

    // 周丽, a colleague at her own computer: the draft is 王芳's alone until she invites 周丽 to
    // co-draft (协同拟稿); then 周丽 opens the same draft and both are in its room on the hub.
    const colleague = apps.a2.page;
    await loginWithHub(apps.a2, await hubMember('zhouli', '周丽', '应急管理科'), ['核稿人', '会签人']);
    await apps.a.core.sync.syncNow();
    await apps.a2.core.sync.syncNow();
    expect(await searchFor(apps.a2, title)).toEqual([]);
    const coDrafting = page.locator('details.co-drafters');
    await coDrafting.locator('summary').click();
    await poll(() => coDrafting.getByTestId('co-drafters').textContent()).toContain('尚未邀请协同拟稿人');
    await coDrafting.getByLabel('zhouli').check();
    await coDrafting.getByRole('button', { name: '邀请', exact: true }).click();
    await poll(() => coDrafting.getByTestId('co-drafters').textContent()).toContain('协同拟稿人：周丽');
    await screenshot(page, '18b-invite-co-drafter');
    await apps.a2.core.sync.syncNow();
    await colleague.getByRole('searchbox', { name: '搜索公文' }).fill('冬季防汛');
    await colleague.getByRole('button', { name: '搜索', exact: true }).click();
    await colleague.getByRole('button', { name: title }).click();
    await colleague.getByRole('button', { name: '编辑草稿' }).click();
    await bodyEditor(colleague).getByText('为切实做好今冬防汛工作').waitFor();
    await poll(() => page.getByTestId('draft-presence').textContent()).toContain('周丽');
    await poll(() => colleague.getByTestId('draft-presence').textContent()).toContain('王芳');

    // Both type at the same time in different places: 王芳 a new last paragraph, 周丽 at the start.
    const added = '请各单位于12月1日前报送防汛责任人名单。';
    const prefix = '根据省防汛抗旱指挥部部署，';
    await bodyEditor(page).click();
    await bodyEditor(colleague).click();
    await Promise.all([
      (async () => {
        await page.keyboard.press('Control+End');
        await page.keyboard.press('Enter');
        await page.keyboard.type(added, { delay: 40 });
      })(),
      (async () => {
        await colleague.keyboard.press('Control+Home');
        await colleague.keyboard.type(prefix, { delay: 40 });
      })(),
    ]);
    for (const each of [page, colleague]) {
      await poll(() => bodyEditor(each).textContent()).toContain(added);
      await poll(() => bodyEditor(each).textContent()).toContain(`${prefix}为切实做好今冬防汛工作`);
    }
    // Both computers keep the same body: the two texts, each once, and nothing else.
    const [hit] = await searchFor(apps.a2, title);
    for (const app of [apps.a, apps.a2]) {
      await poll(() => app.core.bodies.blocks(hit!.id)).toEqual([
        { type: 'paragraph', text: `${prefix}为切实做好今冬防汛工作，现就有关事项通知如下。` },
        { type: 'paragraph', text: added },
      ]);
    }
    await poll(() => page.locator('.ql-cursor').count()).toBeGreaterThan(0);
    await screenshot(page, '19-co-editing');
    await screenshot(colleague, '19-co-editing-colleague');
    await colleague.keyboard.press('Alt+1');
    await poll(() => page.getByTestId('draft-presence').textContent()).not.toContain('周丽');
    await page.keyboard.press('Control+s');
    await poll(() => page.getByRole('status').filter({ hasText: '已保存（第 2 版）' }).count()).toBe(1);
    await page.getByRole('button', { name: '送审（启动发文流程）' }).click();
    await page.getByRole('heading', { name: title }).waitFor();
    await act(page, '拟稿', { phrase: '请按程序办理。' });

    // 核稿 returns it; the drafter revises; the reviewer sees the revision marks with the author.
    const review = page.locator('form.panel', { hasText: '办理 · 核稿' });
    await review.getByLabel('办理意见').fill('请写明汛情报告时限。');
    await review.getByRole('button', { name: '退回', exact: true }).click();
    await page.locator('form.panel', { hasText: '办理 · 拟稿' }).waitFor();
    await page.getByRole('button', { name: '编辑草稿' }).click();
    await insertInBody(page, '为切实做好今冬防汛工作，', '各单位须于每日17时前报告汛情，');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await poll(() => page.getByRole('status').filter({ hasText: '已保存' }).count()).toBe(1);
    await page.keyboard.press('Alt+3');
    await page.getByRole('button', { name: title }).click();
    await act(page, '拟稿', { phrase: '请按程序办理。' });
    await page.locator('.panel', { hasText: '修改痕迹' }).getByRole('button', { name: '比较' }).click();
    const marks = await page.getByTestId('revision-marks').textContent();
    expect(marks).toContain('各单位须于每日17时前报告汛情');
    expect(marks).toContain('王芳');

    // 核稿 routes 会签 to two colleagues of two departments, each on their own computer.
    await loginWithHub(apps.a3, await hubMember('chengang', '陈刚', '财务科'), ['会签人']);
    const reviewing = page.locator('form.panel', { hasText: '办理 · 核稿' });
    await reviewing.getByRole('button', { name: '拟同意，请领导审定。', exact: true }).click();
    await reviewing.getByLabel('指定同事').check();
    // The colleagues come by department (处室): one from 应急管理科, one from 财务科.
    await reviewing.getByRole('group', { name: '应急管理科' }).getByLabel('zhouli').check();
    await reviewing.getByRole('group', { name: '财务科' }).getByLabel('chengang').check();
    await poll(() => reviewing.getByTestId('chosen-colleagues').textContent()).toContain('已选 2 人');
    expect(await reviewing.getByTestId('chosen-colleagues').textContent()).toMatch(/（应急管理科）.*（财务科）/);
    await screenshot(page, '19b-review-to-two-countersigners');
    await reviewing.getByRole('button', { name: '同意 / 办结本环节' }).click();
    await poll(() => page.getByTestId('history').textContent()).toContain('拟同意，请领导审定。');
    await apps.a.core.sync.syncNow();
    const countersigns: [DesktopUnderTest, string][] = [
      [apps.a2, '应急管理科意见：同意，建议明确各单位值班电话。'],
      [apps.a3, '财务科意见：同意，防汛物资经费按规定列支。'],
    ];
    for (const [colleagueApp, opinion] of countersigns) {
      await colleagueApp.core.sync.syncNow();
      await colleagueApp.page.keyboard.press('Alt+3');
      await colleagueApp.page.getByRole('button', { name: title }).click();
      await act(colleagueApp.page, '会签', { text: opinion });
      await colleagueApp.core.sync.syncNow();
    }
    await apps.a.core.sync.syncNow();
    const history = page.getByTestId('history');
    await page.keyboard.press('Alt+6');
    await page.getByRole('button', { name: title }).first().click();
    await poll(() => history.textContent()).toContain('财务科意见');
    expect(await history.textContent()).toContain('应急管理科意见');
    expect(await history.textContent()).toMatch(/周丽[\s\S]*陈刚|陈刚[\s\S]*周丽/);
    await screenshot(page, '19c-trace-two-countersigns');

    // The leader signs three documents at once.
    otherDocumentsAtSignOff(apps.a);
    await page.keyboard.press('Alt+7');
    await page.getByRole('heading', { name: '批量签发' }).waitFor();
    for (const name of [title, secondTitle, '江宁市人民政府办公室关于做好春节期间值班工作的通知']) {
      await page.getByLabel(name).check();
    }
    await page.getByLabel('签名证书文件（.p12）').fill(leaderKeyStore);
    await page.getByRole('button', { name: '签发所选（3）' }).click();
    await page.getByRole('dialog').getByLabel('证书 PIN').fill(pin);
    await page.getByRole('dialog').getByRole('button', { name: '确定' }).click();
    await poll(() => page.locator('main').getByRole('status').textContent()).toContain('已签发 3/3');
    await screenshot(page, '21-batch-sign-three');
    await page.keyboard.press('Alt+1');
    await page.getByRole('button', { name: title }).first().click();
    await act(page, '复核');
  }, 180_000);

  it('A numbers and seals it; the hub goes down during the send and the send completes when it is back', async () => {
    const { page } = apps.a;
    await page.keyboard.press('Alt+8');
    await page.getByRole('heading', { name: '登记分发' }).waitFor();

    // Connect with the seal PIN: a wrong PIN is refused in the dialog.
    await page.getByRole('button', { name: '连接交换中心…' }).click();
    await enterPin(page, '000000');
    await page.getByRole('dialog').getByRole('alert').waitFor();
    await screenshot(page, '22-connect-wrong-pin');
    await enterPin(page, pin);
    await poll(() => page.getByTestId('exchange-state').textContent()).toContain('已连接交换中心');

    // 登记: a malformed number is refused at the field; 取号 gives the next of the sequence.
    const docNumber = page.getByLabel('发文字号', { exact: true });
    await docNumber.fill('宁政办发[2026]1号');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await page.locator('#register-error').getByRole('alert').waitFor();
    expect(await docNumber.inputValue()).toBe('宁政办发[2026]1号');
    await screenshot(page, '23-register-invalid-number');
    await page.getByRole('button', { name: '取号' }).click();
    await poll(() => docNumber.inputValue()).toMatch(/^宁政办发〔20\d\d〕1号$/);
    const allocated = await docNumber.inputValue();
    await page.getByRole('button', { name: '登记', exact: true }).click();

    // 用印: the preview marks where the seal lands; then the seal with the PIN.
    await poll(() => page.getByTestId('sealed-doc-number').textContent()).toBe(allocated);
    await expect.poll(() => page.locator('canvas[data-marker]').count(), { timeout: 30_000 }).toBe(1);
    await screenshot(page, '24-seal-preview');
    await page.getByRole('button', { name: '加盖电子印章…' }).click();
    await enterPin(page, pin);

    // 核发: recipients from the directory by name and by code.
    const search = page.getByLabel('按名称或代码查找机关');
    await search.waitFor();
    await search.fill('秣陵');
    await page.getByLabel(/秣陵县人民政府办公室/).check();
    await search.fill(testAgencies.bureau.code.slice(0, 10));
    await page.getByLabel(/江宁市教育局/).check();
    await poll(() => page.getByTestId('chosen-recipients').textContent()).toContain('已选 2 个机关');
    await screenshot(page, '25-dispatch-recipients');

    // The hub stops: the send is signed and kept here, and says so; the registrar keeps working.
    await hub.stop();
    await page.getByRole('button', { name: '发送…' }).click();
    await enterPin(page, pin);
    await page.getByTestId('queued-notice').waitFor();
    expect(await page.getByTestId('queued-notice').textContent()).toContain('交换中心暂时无法连接');
    expect(await page.getByTestId('sent-recipient').allTextContents()).toEqual([
      expect.stringContaining('待发送'),
      expect.stringContaining('待发送'),
    ]);
    await poll(() => page.getByTestId('online-state').textContent()).toContain('交换中心不可达');
    await screenshot(page, '26-dispatch-hub-down');

    await hub.start();
    await page.getByRole('button', { name: '重新发送' }).click();
    await poll(() => page.getByTestId('queued-notice').count()).toBe(0);
    await poll(() => page.getByTestId('sent-recipient').allTextContents()).toEqual([
      expect.stringContaining('待签收'),
      expect.stringContaining('待签收'),
    ]);
  }, 180_000);

  it('B sees a valid seal, downloads the PDF (pdfsig agrees), signs for it and runs it to 办结', async () => {
    const { page, core } = apps.b;
    await createAccount(apps.b, { login: 'liqiang', name: '李强', password: '口令-县办-2026' }, everyRole);
    expect((await invokeApi(core, 'configureExchange', await agencyFiles('b'))).ok).toBe(true);
    await page.keyboard.press('Alt+9');
    await page.getByRole('heading', { name: '收文', exact: true }).waitFor();
    await poll(() => page.getByTestId('inbox-error').textContent()).toContain('尚未连接交换中心');
    await page.getByRole('button', { name: '连接交换中心…' }).click();
    await enterPin(page, pin);
    const item = page.getByTestId('incoming').filter({ hasText: title });
    await item.waitFor();
    expect(await item.getByTestId('verdict').getAttribute('data-verdict')).toBe('valid');
    await item.getByTestId('verdict').click();
    expect(await item.getByTestId('verification-details').textContent()).toContain(testAgencies.city.name);
    await screenshot(page, '27-inbox-valid-seal');

    const downloading = page.waitForEvent('download');
    await item.getByRole('button', { name: '下载原件' }).click();
    const file = join(work, 'received.pdf');
    await (await downloading).saveAs(file);
    const report = pdfsigText(createNssTrust(join(work, 'nss-b'), pki.ca.certificate), file);
    expect(report).toContain('Signature is Valid.');
    expect(report).toContain('Certificate is Trusted.');

    await item.getByRole('button', { name: '签收…' }).click();
    await enterPin(page, pin);
    await poll(() => item.textContent()).toContain('已签收');
    await item.getByRole('button', { name: '进入收文办理' }).click();
    await page.getByRole('heading', { name: title }).waitFor();
    await act(page, '登记');
    await act(page, '初审');
    await act(page, '拟办', { text: '拟请分管领导阅示，水利局牵头落实。' });
    await act(page, '批办', { text: '同意，请水利局抓紧落实。' });
    await act(page, '承办', { text: '已部署落实。' });
    await act(page, '传阅');
    await act(page, '办结', { text: '已办结。' });
    await page.locator('form.panel', { hasText: '办理 · 归档' }).waitFor();
    await screenshot(page, '28-incoming-closed');
  }, 180_000);

  it('C returns it with a reason (required); A sees both states and the verified receipt', async () => {
    const { page, core } = apps.c;
    await createAccount(apps.c, { login: 'zhaomin', name: '赵敏', password: '口令-教育-2026' }, everyRole);
    expect((await invokeApi(core, 'configureExchange', await agencyFiles('c'))).ok).toBe(true);
    await page.keyboard.press('Alt+9');
    await page.getByRole('button', { name: '连接交换中心…' }).click();
    await enterPin(page, pin);
    const item = page.getByTestId('incoming').filter({ hasText: title });
    await item.getByRole('button', { name: '退回…' }).click();
    await item.getByRole('button', { name: '确认退回' }).click();
    await poll(() => item.getByRole('alert').textContent()).toContain('请写明退回理由');
    await item.getByLabel('退回理由').fill('非本单位职责，请改送市水利局。');
    await screenshot(page, '29-return-with-reason');
    await item.getByRole('button', { name: '确认退回' }).click();
    await poll(() => item.textContent()).toContain('已退回');

    const a = apps.a.page;
    await a.getByRole('button', { name: '刷新' }).click();
    const county = a.locator(`[data-testid="sent-recipient"][data-agency="${testAgencies.county.code}"]`);
    const bureau = a.locator(`[data-testid="sent-recipient"][data-agency="${testAgencies.bureau.code}"]`);
    await poll(() => county.textContent()).toContain('已签收');
    expect(await county.textContent()).toContain('回执签名有效');
    await poll(() => bureau.textContent()).toContain('已退回');
    expect(await bureau.textContent()).toContain('非本单位职责');
    await screenshot(a, '30-outbox-states');
  }, 120_000);

  it('A recalls a second document from C before C fetches it; B sees it changed at the hub (验章失败); A cannot recall it from B then', async () => {
    // A sends a second document, walked in A's core (复核 → 登记 → 用印 → 核发).
    const a = apps.a.core;
    const me = { id: a.accounts.requireActor().id, name: a.accounts.requireActor().name };
    const call = async <T>(method: string, input: unknown): Promise<T> => {
      const response = await invokeApi(a, method, input);
      if (!response.ok) throw new Error(`${method}: ${response.error.message.zh}`);
      return response.value as T;
    };
    const tasks = await call<{ instanceId: string; title: string }[]>('listTasks', { box: 'todo' });
    const { instanceId } = tasks.find((task) => task.title === secondTitle)!;
    await call('actOnWorkflow', {
      instanceId,
      action: { type: 'complete', stepId: 'recheck', next: { assignees: [me] } },
    });
    const { docNumber } = await call<{ docNumber: string }>('allocateDocNumber', {});
    await call('actOnWorkflow', {
      instanceId,
      action: { type: 'complete', stepId: 'register', docNumber, next: { assignees: [me] } },
    });
    await call('sealDocument', { instanceId, pin });
    const sent = await call<{ messageId: string }>('dispatchDocument', {
      instanceId,
      recipients: [testAgencies.county.code, testAgencies.bureau.code],
      pin,
    });

    // Someone changes the stored PDF at the hub (one byte in the middle of the file).
    const db = new Database(join(work, 'hub', 'hub.sqlite'));
    const { sha } = db.prepare('SELECT document_sha256 AS sha FROM messages WHERE id = ?').get(sent.messageId) as {
      sha: string;
    };
    db.close();
    // The hub keeps documents as files named by their hash (hub/blobs/<first hex digit>/<sha256>).
    const stored = join(work, 'hub', 'blobs', sha.slice(0, 1), sha);
    const changed = readFileSync(stored);
    const middle = changed.indexOf('stream', Math.floor(changed.length / 3)) + 30;
    changed[middle] = changed[middle]! ^ 0x20;
    writeFileSync(stored, changed);

    // 撤回: A recalls it from C, who has not fetched it yet (confirmed, with a reason).
    const registrar = apps.a.page;
    await registrar.keyboard.press('Alt+8');
    await registrar.getByRole('heading', { name: '登记分发' }).waitFor();
    await registrar.getByRole('button', { name: '刷新' }).click();
    const second = registrar.getByTestId('sent-message').filter({ hasText: secondTitle });
    const toBureau = second.locator(`[data-testid="sent-recipient"][data-agency="${testAgencies.bureau.code}"]`);
    const toCounty = second.locator(`[data-testid="sent-recipient"][data-agency="${testAgencies.county.code}"]`);
    await poll(() => toBureau.textContent()).toContain('待签收');
    await toBureau.getByRole('button', { name: '撤回…' }).click();
    await toBureau.getByLabel('撤回理由（可选）').fill('主送机关有误，另行发文。');
    await screenshot(registrar, '32-outbox-recall-confirm');
    await toBureau.getByRole('button', { name: '确认撤回' }).click();
    await poll(() => toBureau.textContent()).toContain('已撤回');
    expect(await toCounty.textContent()).toContain('待签收');
    const inboxOfC = await invokeApi(apps.c.core, 'listIncoming', { refresh: true });
    expect(inboxOfC.ok && (inboxOfC.value as { title: string }[]).map((m) => m.title)).not.toContain(secondTitle);

    const { page } = apps.b;
    await page.keyboard.press('Alt+9');
    await page.getByRole('button', { name: '刷新', exact: true }).click();
    const item = page.getByTestId('incoming').filter({ hasText: secondTitle });
    await item.waitFor();
    expect(await item.getByTestId('verdict').getAttribute('data-verdict')).toBe('invalid');
    expect(await item.getByRole('button', { name: '签收…' }).isDisabled()).toBe(true);
    await item.getByTestId('verdict').click();
    expect(await item.getByTestId('verification-details').textContent()).toContain('文件在途中被改动');
    await screenshot(page, '31-inbox-tampered');
    await item.getByRole('button', { name: '退回…' }).click();
    await item.getByLabel('退回理由').fill('验章失败：文件与发文机关签封的摘要不符，请核实后重发。');
    await item.getByRole('button', { name: '确认退回' }).click();
    await poll(() => item.textContent()).toContain('已退回');

    // A's outbox still says 待签收 for B (not refreshed): the recall is refused by the hub, said at
    // the row, and the row then shows B's real state.
    await toCounty.getByRole('button', { name: '撤回…' }).click();
    await toCounty.getByRole('button', { name: '确认撤回' }).click();
    await poll(() => toCounty.getByRole('alert').textContent()).toContain('不能撤回');
    expect(await toCounty.getByRole('alert').textContent()).toContain(testAgencies.county.name);
    await poll(() => toCounty.textContent()).toContain('已退回');
    await screenshot(registrar, '33-outbox-recall-refused');
  }, 120_000);
});
