import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderer } from '../../scripts/build';
import { noticeDraft, tempCore, unlockedAs } from '../core/test-support';
import { startWebHost, type WebHost } from './server';

/**
 * The round trip in a real browser: the built renderer, served by the web host, calls the API
 * table with the token from its address and shows the shell with the signed-in user and the local documents. Needs Debian's
 * chromium (installed by .ci/run).
 */
const run = promisify(execFile);
let core: ReturnType<typeof tempCore>;
let host: WebHost;
let outDir: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'oa-renderer-build-'));
  await buildRenderer(outDir);
  core = tempCore();
  const person = await unlockedAs(core, 'zhangsan', '张三');
  core.documents.createDraft(person, noticeDraft());
  core.documents.createDraft(person, noticeDraft({ title: '关于召开年终总结会议的通知' }));
  host = await startWebHost({ core, staticDir: outDir });
});
afterAll(async () => {
  await host?.close();
  core?.cleanup();
  rmSync(outDir, { recursive: true, force: true });
});

async function renderedPage(url: string): Promise<string> {
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--virtual-time-budget=10000', '--dump-dom', url];
  const { stdout } = await run('chromium', args, { timeout: 60_000, maxBuffer: 10 * 1024 * 1024 });
  return stdout;
}

describe('renderer through the web host in Chromium', () => {
  it('shows the signed-in user and the local documents read through the API table', async () => {
    const page = await renderedPage(host.url);
    expect(page).toMatch(/data-testid="current-user">当前用户：张三</);
    expect(page).toContain('关于召开年终总结会议的通知');
    expect(page).toContain('离线');
  });

  it('shows the typed error, in Chinese, when opened without the token', async () => {
    const page = await renderedPage(`${host.origin}/`);
    expect(page).toContain('访问令牌缺失或无效');
    expect(page).not.toContain('current-user');
  });
});
