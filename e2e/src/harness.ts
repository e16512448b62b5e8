import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
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
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}
