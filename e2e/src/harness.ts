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
  await expect
    .poll(async () => {
      const alert = panel.getByRole('alert');
      if ((await alert.count()) > 0) throw new Error(`${step}: ${await alert.textContent()}`);
      return entries.count();
    })
    .toBeGreaterThan(before);
}
