import { validateDocument } from '@oa/shared';
import { loadFonts, typeset } from '@oa/typeset';
import { builtRenderer, startDesktop } from '../src/harness';

/**
 * Issue #7's figures: the renderer's cold load to the first interactive screen (target ≤ 1.5 s)
 * and opening a 10-page document with its GB/T 9704 preview (target ≤ 300 ms), in Debian's
 * Chromium through the web host. Peers in the same run: a static page in the same browser, and
 * typesetting the same document in this process's main thread without the worker and pdf.js.
 *   pnpm --filter @oa/e2e bench
 */
const runs = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${Math.round(value)} ms`;

const paragraph =
  '各地各部门要坚持人民至上、生命至上，统筹发展和安全，全面落实安全生产责任制，深入开展重点行业领域隐患排查整治，' +
  '对排查发现的问题建立台账、明确责任、限期整改，确保隐患动态清零，切实维护人民群众生命财产安全和社会大局稳定。';
const tenPages = {
  kind: '通知',
  issuers: [{ name: '南京市人民政府办公厅', code: '11320100014170019X' }],
  title: '南京市人民政府办公厅关于做好2026年冬季安全生产工作的通知',
  mainRecipients: ['各区人民政府', '市政府各部门'],
  body: Array.from({ length: 50 }, (_, i) =>
    i % 10 === 0
      ? { type: 'heading', level: 1, text: `${'一二三四五'[i / 10]}、工作要求` }
      : { type: 'paragraph', text: paragraph },
  ),
};

const renderer = await builtRenderer();
try {
  // Cold load: a fresh browser profile each run, from navigation to the first-run form.
  const cold: number[] = [];
  const staticPage: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const app = await startDesktop(renderer.dir);
    let started = performance.now();
    await app.page.goto(app.host.url);
    await app.page.getByRole('heading', { name: '创建本机账户' }).waitFor();
    cold.push(performance.now() - started);
    started = performance.now();
    await app.page.goto('data:text/html;charset=utf-8,<h1>公文办理</h1>');
    await app.page.getByRole('heading', { name: '公文办理' }).waitFor();
    staticPage.push(performance.now() - started);
    await app.close();
  }

  // A 10-page document opened in the drafting screen until the preview pages in view are drawn
  // (all ten laid out at their size; the others are drawn when scrolled to).
  const app = await startDesktop(renderer.dir);
  await app.core.accounts.create({
    login: 'bench',
    displayName: '测试',
    password: 'bench-口令-2026',
    roles: ['drafter'],
  });
  await app.core.accounts.unlock('bench', 'bench-口令-2026');
  const person = app.core.accounts.requireCurrent();
  const saved = app.core.documents.createDraft(person, tenPages);
  const first = await app.core.previewer.preview(tenPages); // warm the worker's fonts
  const page = app.page;
  await page.goto(app.host.url);
  const open: number[] = [];
  const firstPage: number[] = [];
  for (let run = 0; run < runs + 1; run += 1) {
    await page.keyboard.press('Alt+1');
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    await page.getByRole('button', { name: saved.title }).first().click();
    await page.getByRole('button', { name: '编辑草稿' }).waitFor();
    const started = performance.now();
    await page.getByRole('button', { name: '编辑草稿' }).click();
    await page.locator('[data-testid="pdf-preview"][data-drawn]').waitFor({ timeout: 30_000 });
    if (run > 0) firstPage.push(performance.now() - started);
    await page
      .locator(`[data-testid="pdf-preview"][data-pages="${first.pageCount}"][data-visible-drawn]`)
      .waitFor({ timeout: 30_000 });
    if (run > 0) open.push(performance.now() - started); // the first run warms pdf.js
  }
  const worker: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await app.core.previewer.preview(tenPages);
    worker.push(performance.now() - started);
  }
  await app.close();

  const fonts = await loadFonts();
  const parsed = validateDocument(tenPages, { stage: 'draft' }).document!;
  await typeset(parsed, fonts);
  await typeset(parsed, fonts);
  const inProcess: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await typeset(parsed, fonts);
    inProcess.push(performance.now() - started);
  }

  console.log(
    `renderer cold load to first interactive screen (median of ${runs}): ${ms(median(cold))} (target ≤ 1500 ms)`,
  );
  console.log(`  peer: a static HTML page in the same browser: ${ms(median(staticPage))}`);
  console.log(
    `open a ${first.pageCount}-page document with its preview drawn (the pages in view; median of ${runs}): ${ms(median(open))} (target ≤ 300 ms)`,
  );
  console.log(`  of which to the first page drawn: ${ms(median(firstPage))}`);
  console.log(`  previewDocument through the worker: ${ms(median(worker))}`);
  console.log(`  peer: typeset() in this process's main thread: ${ms(median(inProcess))}`);
} finally {
  renderer.remove();
}
