import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtRenderer, createAccount, screenshot, startDesktop, type DesktopUnderTest } from './harness';

/**
 * 系统通知 in the real UI: with notifications allowed, a task that becomes overdue (催办 due date
 * passed) is announced once with a desktop notification naming the step and the document, and
 * clicking it opens the document. The page records what it announced by wrapping the browser's
 * own Notification (which still shows them).
 */
let renderer: Awaited<ReturnType<typeof builtRenderer>>;
let app: DesktopUnderTest;

beforeAll(async () => {
  renderer = await builtRenderer();
  app = await startDesktop(renderer.dir);
  await app.context.grantPermissions(['notifications'], { origin: new URL(app.host.url).origin });
  await app.context.addInitScript(() => {
    const Original = window.Notification;
    const shown: { title: string; body: string | undefined }[] = [];
    (window as unknown as { shownNotices: typeof shown }).shownNotices = shown;
    class Recorded extends Original {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push({ title, body: options?.body });
        (window as unknown as { lastNotice: Notification }).lastNotice = this;
      }
    }
    window.Notification = Recorded as typeof Notification;
  });
}, 120_000);
afterAll(async () => {
  await app?.close();
  renderer?.remove();
});

const shownNotices = () =>
  app.page.evaluate(
    () => (window as unknown as { shownNotices?: { title: string; body: string }[] }).shownNotices ?? [],
  );

describe('desktop notifications (web host + Chromium)', () => {
  it('announces an overdue task once, and the notice opens the document', async () => {
    const { page, core } = app;
    await createAccount(app, { login: 'zhouli', name: '周丽', password: '口令-正确-2026' }, ['核稿人']);
    const actor = core.accounts.requireActor();
    const me = { id: actor.id, name: actor.name };
    const title = '南京市人民政府办公厅关于开展冬季消防检查的通知';
    const draft = core.documents.createDraft(core.accounts.requireCurrent(), {
      kind: '通知',
      issuers: [{ name: '南京市人民政府办公厅', code: '11320100014170019X' }],
      title,
      mainRecipients: ['各区人民政府'],
      body: [{ type: 'paragraph', text: '现将有关事项通知如下。' }],
    });
    const flow = core.workflows.start(actor, { documentId: draft.id, direction: 'outgoing' });
    core.workflows.act(actor, {
      instanceId: flow.id,
      action: {
        type: 'complete',
        stepId: 'draft',
        opinion: '请核稿。',
        next: { assignees: [me], dueAt: new Date(Date.now() + 1500).toISOString() },
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 2000));

    await page.reload();
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    await expect.poll(shownNotices, { timeout: 20_000 }).toEqual([{ title: '待办已超期：核稿', body: title }]);
    await screenshot(page, '30-overdue-notice');

    // Announced once: another check (the window regains focus, or the next minute) stays quiet.
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await page.waitForTimeout(1000);
    expect(await shownNotices()).toHaveLength(1);

    await page.evaluate(() =>
      (window as unknown as { lastNotice: Notification }).lastNotice.onclick?.(new Event('click')),
    );
    await page.getByRole('heading', { name: title }).waitFor();
  }, 60_000);
});
