import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeyStore, createRootCa, issueKey, unlockCa } from '@oa/signature';
import { issueArchivistKey } from '@oa/signature/testing';
import { Document as WordDocument, HeadingLevel, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actOnStep,
  bodyEditor,
  builtRenderer,
  insertInBody,
  screenshot,
  startDesktop,
  typeBody,
  type DesktopUnderTest,
} from './harness';

/**
 * The desktop UI in Debian's Chromium through the web host, on a fresh data directory: first
 * run, drafting a 通知 with inline validation and the live GB/T 9704 preview, and the whole local
 * outgoing flow (with a return and revision marks, batch sign-off) up to the 归档 step.
 */
let renderer: Awaited<ReturnType<typeof builtRenderer>>;
let app: DesktopUnderTest;
let keyDir: string;
const archivistPin = '246810';
const leaderPin = '135246';
let keys: { archivist: string; leader: string };

/** The records officer's and the leader's key stores (real PKCS#12 under a test root CA). */
async function testKeyStores(): Promise<{ archivist: string; leader: string }> {
  keyDir = mkdtempSync(join(tmpdir(), 'oa-e2e-keys-'));
  const root = await createRootCa({
    subject: { commonName: '南京市电子政务测试根证书', country: 'CN' },
    passphrase: 'root-pass',
  });
  const ca = unlockCa(root, 'root-pass');
  const archivist = await issueArchivistKey(ca);
  const leader = await issueKey(ca, {
    profile: 'personal',
    subject: { commonName: '李明', organization: '南京市人民政府办公厅', country: 'CN' },
  });
  const files = { archivist: join(keyDir, 'archivist.p12'), leader: join(keyDir, 'leader.p12') };
  writeFileSync(files.archivist, createKeyStore({ ...archivist, pin: archivistPin }));
  writeFileSync(files.leader, createKeyStore({ ...leader, pin: leaderPin }));
  return files;
}

beforeAll(async () => {
  [renderer, keys] = await Promise.all([builtRenderer(), testKeyStores()]);
  app = await startDesktop(renderer.dir);
}, 120_000);
afterAll(async () => {
  await app?.close();
  renderer?.remove();
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
});

const person = { login: 'liming', name: '李明', password: '口令-正确-2026' };

describe('desktop UI (web host + Chromium)', () => {
  it('creates a local account on first run and shows the offline shell', async () => {
    const { page } = app;
    const started = performance.now();
    await page.goto(app.host.url);
    await page.getByRole('heading', { name: '创建本机账户' }).waitFor();
    console.log(`renderer cold load to first interactive screen: ${Math.round(performance.now() - started)} ms`);
    await screenshot(page, '01-first-run');

    await page.getByLabel('登录名').fill(person.login);
    await page.getByLabel('姓名').fill(person.name);
    await page.getByLabel('密码').fill(person.password);
    for (const role of ['核稿人', '会签人', '领导', '文书', '档案员']) await page.getByLabel(role).check();
    await page.getByRole('button', { name: '创建并登录' }).click();

    await expect.poll(() => page.getByTestId('current-user').textContent()).toContain('李明');
    expect(await page.getByTestId('online-state').textContent()).toContain('离线');
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    // The count reads … until the workbench has loaded; wait for it under load.
    await expect.poll(() => page.getByTestId('count-todo').textContent()).toContain('0');
    await screenshot(page, '02-workbench-empty');
  }, 60_000);

  it('drafts a 通知: the invalid 发文字号 is shown at the field, fixed, and the preview appears', async () => {
    const { page } = app;
    await page.keyboard.press('Alt+2');
    await page.getByRole('heading', { name: '新建拟稿' }).waitFor();
    await page.getByLabel('发文机关').fill('南京市人民政府办公厅');
    await page.getByLabel('统一社会信用代码').fill('11320100014170019X');
    await page.getByLabel('标题').fill('南京市人民政府办公厅关于做好2026年冬季安全生产工作的通知');
    await page.getByLabel('主送机关').fill('各区人民政府、市政府各部门');
    await typeBody(page, [
      { text: '为切实做好今冬明春安全生产工作，现就有关事项通知如下。' },
      { text: '一、提高思想认识', level: 1 },
      { text: '各地各部门要充分认识冬季安全生产工作的重要性，压实责任。' },
    ]);

    const docNumber = page.getByLabel('发文字号', { exact: true });
    await docNumber.fill('宁政办发[2026]012号');
    const field = page.locator('.field', { has: docNumber });
    await expect.poll(() => field.getByTestId('field-issues').textContent()).toContain('六角括号');
    expect(await docNumber.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('preview-status').textContent()).toContain('请先修改');
    await screenshot(page, '03-draft-invalid-doc-number');

    await docNumber.fill('宁政办发〔2026〕12号');
    await expect.poll(() => field.getByTestId('field-issues').count()).toBe(0);
    const preview = page.getByTestId('pdf-preview');
    await expect.poll(() => preview.getAttribute('data-pages'), { timeout: 30_000 }).not.toBe('0');
    expect(await preview.locator('canvas').count()).toBeGreaterThanOrEqual(1);
    await screenshot(page, '04-draft-preview');

    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByRole('status').filter({ hasText: '已保存' }).count()).toBe(1);
    await page.getByRole('button', { name: '送审（启动发文流程）' }).click();
    await page.getByRole('heading', { name: '南京市人民政府办公厅关于做好2026年冬季安全生产工作的通知' }).waitFor();
  }, 60_000);

  it('walks the local outgoing flow: return with a reason, revision marks, batch sign-off, registration', async () => {
    const { page } = app;
    const act = (step: string, phrase?: string) => actOnStep(page, step, phrase === undefined ? undefined : { phrase });
    await act('拟稿', '请按程序办理。');
    // 核稿 returns the draft to 拟稿 with a reason.
    const review = page.locator('form.panel', { hasText: '办理 · 核稿' });
    await review.waitFor();
    await screenshot(page, '05-review');
    await review.getByLabel('办理意见').fill('第一段请写明时间要求。');
    await review.getByRole('button', { name: '退回', exact: true }).click();
    await page.locator('form.panel', { hasText: '办理 · 拟稿' }).waitFor();
    expect(await page.getByTestId('history').textContent()).toContain('第一段请写明时间要求。');

    // The drafter revises the body, saves, and sends it on again.
    await page.getByRole('button', { name: '编辑草稿' }).click();
    await insertInBody(page, '为切实做好今冬明春安全生产工作，', '请于12月1日前完成自查，');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '已保存' }).count()).toBe(1);
    await page.getByRole('button', { name: '送审（启动发文流程）' }).isVisible();
    await page.keyboard.press('Alt+3');
    await page.getByRole('button', { name: '南京市人民政府办公厅关于做好2026年冬季安全生产工作的通知' }).click();
    await act('拟稿', '请按程序办理。');

    // 修改痕迹 between the returned and the re-sent version, with the author.
    const revisions = page.locator('.panel', { hasText: '修改痕迹' });
    await revisions.getByRole('button', { name: '比较' }).click();
    const marks = await page.getByTestId('revision-marks').textContent();
    expect(marks).toContain('请于12月1日前完成自查');
    expect(marks).toContain('李明');
    await screenshot(page, '06-revision-marks');

    await act('核稿', '拟同意，请领导审定。');
    await act('会签', '同意。');

    // 签发 from the batch screen.
    await page.keyboard.press('Alt+7');
    await page.getByRole('heading', { name: '批量签发' }).waitFor();
    await page.getByLabel('南京市人民政府办公厅关于做好2026年冬季安全生产工作的通知').check();
    await page.getByLabel('签名证书文件（.p12）').fill(keys.leader);
    await page.getByRole('button', { name: '签发所选（1）' }).click();
    // One PIN for the batch: a wrong one is said in the dialog and nothing is signed.
    const pinDialog = page.getByRole('dialog');
    await pinDialog.getByLabel('证书 PIN').fill('000000');
    await pinDialog.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => pinDialog.getByRole('alert').textContent()).toContain('PIN');
    await pinDialog.getByLabel('证书 PIN').fill(leaderPin);
    await screenshot(page, '07-batch-sign-pin');
    await pinDialog.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => page.locator('main').getByRole('status').textContent()).toContain('已签发 1/1');
    await expect.poll(() => page.getByText('已签发', { exact: true }).count()).toBe(1);
    await screenshot(page, '07-batch-sign');

    await page.keyboard.press('Alt+1');
    await page
      .getByRole('button', { name: '南京市人民政府办公厅关于做好2026年冬季安全生产工作的通知' })
      .first()
      .click();
    await act('复核');
    const register = page.locator('form.panel', { hasText: '办理 · 登记' });
    await register.getByLabel('发文字号（登记）').fill('宁政办发〔2026〕12号');
    await act('登记');
    await act('用印');
    await act('核发');
    await page.locator('form.panel', { hasText: '办理 · 归档' }).waitFor();
    const history = await page.getByTestId('history').textContent();
    for (const step of ['拟稿', '核稿', '会签', '签发', '复核', '登记', '用印', '核发'])
      expect(history).toContain(step);
    await screenshot(page, '08-document-at-archive');

    // 归档: the records officer archives it with the 归档章; a wrong PIN is refused in the dialog.
    const keyStore = keys.archivist;
    await page.keyboard.press('Alt+0');
    await page.getByRole('heading', { name: '归档', exact: true }).waitFor();
    // The list is read after the heading shows: wait for it.
    await expect.poll(() => page.locator('main').textContent(), { timeout: 15_000 }).toContain('待归档（1）');
    await page.getByLabel('南京市人民政府办公厅关于做好2026年冬季安全生产工作的通知').check();
    await page.getByLabel('全宗号').fill('J012');
    await page.getByLabel('机构（问题）代码').fill('BGS');
    await page.getByLabel('档案员证书（PKCS#12 文件路径）').fill(keyStore);
    await page.getByRole('button', { name: '批量归档所选（1）' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('证书 PIN').fill('000000');
    await dialog.getByRole('button', { name: '确定' }).click();
    await dialog.getByRole('alert').waitFor();
    await screenshot(page, '09-archive-wrong-pin');
    await dialog.getByLabel('证书 PIN').fill(archivistPin);
    await dialog.getByRole('button', { name: '确定' }).click();
    await expect
      .poll(() => page.getByTestId('archive-results').textContent(), { timeout: 30_000 })
      .toContain('已归档：J012-WS·2026-Y-BGS-0001');
    await expect.poll(() => page.locator('main').textContent()).toContain('待归档（0）');
    await page.getByRole('button', { name: '查看', exact: true }).click();
    expect(await page.getByTestId('view-log').textContent()).toContain('李明');
    await screenshot(page, '10-archive-done');

    // EEP export with its 四性检测 report.
    await page.getByLabel('封装包输出目录').fill(join(keyDir, 'package'));
    await page.getByRole('button', { name: '导出封装包' }).click();
    await dialog.getByLabel('证书 PIN').fill(archivistPin);
    await dialog.getByRole('button', { name: '确定' }).click();
    const report = page.getByTestId('check-report');
    await expect.poll(() => report.textContent(), { timeout: 30_000 }).toContain('四性检测');
    const reportText = (await report.textContent()) ?? '';
    expect(reportText).toContain('四性检测通过');
    expect(reportText).toContain('INTEGRITY_FILE_HASH');
    expect(reportText).toContain('AUTH_PACKAGE_SIGNATURE');
    await screenshot(page, '10b-archive-check-report');

    await page.keyboard.press('Alt+1');
    await page.getByRole('searchbox').fill('安全生产');
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    await expect.poll(() => page.locator('.results').textContent()).toContain('结果（1）');
    await screenshot(page, '11-workbench-search');

    await page.getByRole('button', { name: '设置', exact: true }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await screenshot(page, '12-settings-en');
  }, 180_000);

  it('imports a Word draft into the body after what is typed; a file that is not a .docx is refused, nothing lost', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '中文', exact: true }).click(); // back from the previous test's English
    await page.keyboard.press('Alt+2');
    await page.getByRole('heading', { name: '新建拟稿' }).waitFor();
    await typeBody(page, [{ text: '已经输入的第一段。' }]);
    const chooser = page.getByLabel('导入 Word 文档', { exact: true });
    const result = page.getByTestId('docx-result');

    const notWord = join(keyDir, '通知.txt');
    writeFileSync(notWord, '这只是一个文本文件。');
    await chooser.setInputFiles(notWord);
    await expect.poll(() => result.textContent()).toContain('不是 Word 文档');
    expect(await result.getAttribute('role')).toBe('alert');

    const word = join(keyDir, '关于做好冬季安全生产工作的通知.docx');
    const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
      new Paragraph({ text, heading: level });
    const draft = new WordDocument({
      sections: [
        {
          children: [
            heading('南京市人民政府办公厅关于做好冬季安全生产工作的通知', HeadingLevel.TITLE),
            heading('一、提高思想认识', HeadingLevel.HEADING_1),
            new Paragraph('各地各部门要充分认识冬季安全生产工作的重要性。'),
            heading('（一）压实责任', HeadingLevel.HEADING_2),
          ],
        },
      ],
    });
    writeFileSync(word, await Packer.toBuffer(draft));
    await chooser.setInputFiles(word);
    await expect.poll(() => result.textContent()).toContain('导入 3 段');
    const body = bodyEditor(page);
    await expect
      .poll(() => body.locator(':scope > *').allTextContents())
      .toEqual([
        '已经输入的第一段。',
        '一、提高思想认识',
        '各地各部门要充分认识冬季安全生产工作的重要性。',
        '（一）压实责任',
      ]);
    expect(await body.locator('h1').textContent()).toBe('一、提高思想认识');
    expect(await body.locator('h2').textContent()).toBe('（一）压实责任');
    expect(await page.getByLabel('标题', { exact: true }).inputValue()).toBe(
      '南京市人民政府办公厅关于做好冬季安全生产工作的通知',
    );
    await screenshot(page, '04b-draft-docx-import');
  }, 60_000);
});
