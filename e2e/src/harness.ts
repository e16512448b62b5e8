import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildRenderer, openDesktopCore, startWebHost, type DesktopCore, type WebHost } from '@oa/desktop';

/** Debian's Chromium, headless, with nothing phoning home, on a fresh profile. */
export const chromiumPath = process.env.OA_CHROMIUM ?? '/usr/bin/chromium';
const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Screenshots of every main screen go here (git-ignored). */
export const screenshotDir = fileURLToPath(new URL('../screenshots', import.meta.url));

export interface DesktopUnderTest {
  core: DesktopCore;
  host: WebHost;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Builds the renderer once into a temp folder (returned) — shared by the suites of a run. */
export async function builtRenderer(): Promise<{ dir: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'oa-e2e-renderer-'));
  await buildRenderer(dir);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A desktop client on a fresh data directory, served by the web host, opened in Chromium. */
export async function startDesktop(rendererDir: string): Promise<DesktopUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), 'oa-e2e-data-'));
  const profile = mkdtempSync(join(tmpdir(), 'oa-e2e-chromium-'));
  const core = openDesktopCore({ dataDir });
  const host = await startWebHost({ core, staticDir: rendererDir });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumFlags,
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return underTest(core, host, context, page, [dataDir, profile]);
}

/** Ready for a test: a patient page, the screenshot folder, and a close that removes `folders`. */
function underTest(
  core: DesktopCore,
  host: WebHost,
  context: BrowserContext,
  page: Page,
  folders: string[],
): DesktopUnderTest {
  page.setDefaultTimeout(20_000); // CI runs other suites beside this one on 2 cores
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  mkdirSync(screenshotDir, { recursive: true });
  return {
    core,
    host,
    context,
    page,
    close: async () => {
      await context.close();
      await host.close();
      core.close();
      for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** One headless Chromium for several desktops (a context each: separate storage, like separate computers). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumFlags });
}

/** A desktop client on its own data directory and web host, in its own context of `browser`. */
export async function openDesktop(browser: Browser, rendererDir: string): Promise<DesktopUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), 'oa-e2e-data-'));
  const core = openDesktopCore({ dataDir });
  const host = await startWebHost({ core, staticDir: rendererDir });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  return underTest(core, host, context, await context.newPage(), [dataDir]);
}

/** First run: creates the local account with the given roles (labels as the form shows them). */
export async function createAccount(
  app: DesktopUnderTest,
  person: { login: string; name: string; password: string },
  roles: readonly string[],
): Promise<void> {
  const { page } = app;
  await page.goto(app.host.url);
  await page.getByRole('heading', { name: '创建本机账户' }).waitFor();
  await page.getByLabel('登录名').fill(person.login);
  await page.getByLabel('姓名').fill(person.name);
  await page.getByLabel('密码').fill(person.password);
  for (const role of roles) await page.getByLabel(role).check();
  await page.getByRole('button', { name: '创建并登录' }).click();
  await page.getByRole('heading', { name: '工作台' }).waitFor();
}

/** Completes the open step on the document screen (optionally with a common phrase or an opinion typed). */
export async function actOnStep(page: Page, step: string, opinion?: { phrase?: string; text?: string }): Promise<void> {
  const panel = page.locator('form.panel', { hasText: `办理 · ${step}` });
  await panel.waitFor();
  if (opinion?.phrase !== undefined) await panel.getByRole('button', { name: opinion.phrase, exact: true }).click();
  if (opinion?.text !== undefined) await panel.getByLabel('办理意见').fill(opinion.text);
  const entries = page.getByTestId('history').locator('li');
  const before = await entries.count();
  await panel.getByRole('button', { name: '同意 / 办结本环节' }).click();
  // Patient, as the page is (CI runs other suites beside this one on 2 cores).
  await expect
    .poll(
      async () => {
        const alert = panel.getByRole('alert');
        if ((await alert.count()) > 0) throw new Error(`${step}: ${await alert.textContent()}`);
        return entries.count();
      },
      { timeout: 20_000 },
    )
    .toBeGreaterThan(before);
}

/** The draft's rich-text body (正文) on the drafting screen. */
export function bodyEditor(page: Page) {
  return page.getByRole('textbox', { name: '正文', exact: true });
}

/** Types blocks into the empty body: level 0 a paragraph, 1–4 the heading levels (Ctrl+Alt+digit). */
export async function typeBody(page: Page, blocks: { text: string; level?: 0 | 1 | 2 | 3 | 4 }[]): Promise<void> {
  await bodyEditor(page).click();
  for (const [index, block] of blocks.entries()) {
    if (index > 0) await page.keyboard.press('End');
    if (index > 0) await page.keyboard.press('Enter');
    await page.keyboard.press(`Control+Alt+${block.level ?? 0}`);
    await page.keyboard.insertText(block.text);
  }
}

/** Puts the caret right after `after` in the body (by keyboard, as a person would) and types `text`. */
export async function insertInBody(page: Page, after: string, text: string): Promise<void> {
  const lines = await bodyEditor(page).locator(':scope > *').allTextContents();
  let index = -1;
  let offset = 0;
  for (const line of lines) {
    const at = line.indexOf(after);
    if (at >= 0) {
      index = offset + at + after.length;
      break;
    }
    offset += line.length + 1;
  }
  if (index < 0) throw new Error(`not in the body: ${after}`);
  await bodyEditor(page).click();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < index; i += 1) await page.keyboard.press('ArrowRight');
  await page.keyboard.insertText(text);
}

/**
 * 联网登录 on first run: the hub checks the password, this computer asks name and roles once
 * (labels as the form shows them); the account's id is the hub user's, the same on every computer.
 */
export async function loginWithHub(
  app: DesktopUnderTest,
  person: { hubUrl: string; login: string; name: string; password: string },
  roles: readonly string[],
): Promise<void> {
  const { page } = app;
  await page.goto(app.host.url);
  await page.getByRole('tab', { name: '联网登录' }).click();
  await page.getByLabel('交换中心地址').fill(person.hubUrl);
  await page.getByLabel('登录名').fill(person.login);
  await page.getByLabel('密码').fill(person.password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByLabel('姓名').waitFor();
  await page.getByLabel('姓名').fill(person.name);
  for (const role of roles) await page.getByLabel(role).check();
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('heading', { name: '工作台' }).waitFor();
}
