import { freePort, registerMembers, spawnScratchHub, type HubProcess } from '@oa/exchange-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtRenderer, screenshot, startDesktop, type DesktopUnderTest } from './harness';

/**
 * 联网登录 in the real UI: a civil servant's first login on a new laptop goes through the hub
 * (wrong address and wrong password are told at the form, nothing typed is lost), asks name and
 * roles once, then the header shows the sync state; after locking, the same password unlocks
 * the laptop with the hub gone.
 */
let renderer: Awaited<ReturnType<typeof builtRenderer>>;
let app: DesktopUnderTest;
let hub: HubProcess | undefined;
const password = 'hub-password-2026';

beforeAll(async () => {
  [renderer, hub] = await Promise.all([builtRenderer(), spawnScratchHub()]);
  await registerMembers(hub.url, ['city'], password);
  app = await startDesktop(renderer.dir);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await hub?.stop();
  renderer?.remove();
});

describe('联网登录 (desktop UI + a real hub)', () => {
  it('logs in through the hub on first run, telling what is wrong at the form, and then syncs', async () => {
    const { page } = app;
    await page.goto(app.host.url);
    await page.getByRole('tab', { name: '联网登录' }).click();
    await page.getByRole('heading', { name: '联网登录' }).waitFor();

    const away = `http://127.0.0.1:${await freePort()}`;
    await page.getByLabel('交换中心地址').fill(away);
    await page.getByLabel('登录名').fill('staff-city');
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('无法连接交换中心');
    expect(await page.getByLabel('登录名').inputValue()).toBe('staff-city');

    await page.getByLabel('交换中心地址').fill(hub!.url);
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('用户名或密码错误');

    // The right password: the hub accepts; this computer asks name and roles once.
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('首次在本机登录');
    await page.getByLabel('姓名').fill('王晓');
    await page.getByLabel('核稿人').check();
    await screenshot(page, '00-hub-login');
    await page.getByRole('button', { name: '登录', exact: true }).click();

    await page.getByRole('heading', { name: '工作台' }).waitFor();
    expect(await page.getByTestId('current-user').textContent()).toContain('王晓');
    await page.getByTestId('sync-state').click();
    await expect.poll(() => page.getByTestId('sync-state').textContent(), { timeout: 20_000 }).toContain('已同步');
    await screenshot(page, '00-hub-login-synced');
  }, 60_000);

  it('unlocks offline with the same password once the hub is gone', async () => {
    const { page } = app;
    await hub!.stop();
    hub = undefined;
    await page.getByRole('button', { name: '锁定' }).click();
    await page.getByRole('heading', { name: '解锁本机账户' }).waitFor();
    await page.getByLabel('登录名').fill('staff-city');
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '解锁', exact: true }).click();
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    await page.getByTestId('sync-state').click();
    await expect.poll(() => page.getByTestId('sync-state').textContent(), { timeout: 20_000 }).toContain('离线');
  }, 60_000);
});
