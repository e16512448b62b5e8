import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient, type ApiResponse } from '../api-contract';
import { noticeDraft, tempCore, unlockedClient } from '../core/test-support';
import { startWebHost, type WebHost } from './server';

let core: ReturnType<typeof tempCore>;
let host: WebHost;
let staticDir: string;

beforeEach(async () => {
  core = tempCore();
  staticDir = mkdtempSync(join(tmpdir(), 'oa-renderer-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>公文办理</title>');
  writeFileSync(join(tmpdir(), 'oa-secret.txt'), 'secret');
  host = await startWebHost({ core, staticDir, log: () => {} });
});
afterEach(async () => {
  await host.close();
  core.cleanup();
  rmSync(staticDir, { recursive: true, force: true });
});

async function call(method: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${host.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as ApiResponse };
}

const auth = () => ({ Authorization: `Bearer ${host.token}` });

/** A raw request, to send a Host header fetch would not let us choose. */
function rawStatus(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${host.origin}${path}`, { method: 'POST', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end('{}');
  });
}

describe('web host', () => {
  it('listens on the loopback interface and prints an address carrying its token', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(43);
  });

  it('answers an API call with the token and refuses it without, or with a wrong one', async () => {
    expect(await call('documentCount', {}, auth())).toEqual({ status: 200, json: { ok: true, value: { count: 0 } } });
    const without = await call('documentCount', {});
    expect(without.status).toBe(401);
    expect(without.json).toMatchObject({
      ok: false,
      error: { code: 'API_UNAUTHORIZED', message: { zh: expect.any(String) } },
    });
    expect((await call('documentCount', {}, { Authorization: `Bearer ${host.token.slice(1)}x` })).status).toBe(401);
  });

  it('refuses another host name (DNS rebinding) and another origin', async () => {
    expect(await rawStatus('/api/documentCount', { ...auth(), Host: 'evil.example:80' })).toBe(421);
    expect((await call('documentCount', {}, { ...auth(), Origin: 'http://evil.example' })).status).toBe(401);
    expect((await call('documentCount', {}, { ...auth(), Origin: host.origin })).status).toBe(200);
  });

  it('carries typed errors for bad JSON, bad input and unknown methods', async () => {
    expect(await call('documentCount', '{not json', auth())).toMatchObject({
      status: 400,
      json: { error: { code: 'API_BAD_INPUT' } },
    });
    expect(await call('unlock', { login: 7 }, auth())).toMatchObject({
      status: 200,
      json: { error: { code: 'API_BAD_INPUT' } },
    });
    expect(await call('eval', {}, auth())).toMatchObject({ json: { error: { code: 'API_UNKNOWN_METHOD' } } });
    expect(await call('%E0%A4%A', {}, auth())).toMatchObject({
      status: 200,
      json: { error: { code: 'API_UNKNOWN_METHOD' } },
    });
  });

  it('serves the same API table to the typed client over HTTP', async () => {
    const api = createApiClient(async (method, input) => (await call(method, input, auth())).json);
    await unlockedClient(api);
    await api.createDraft({ document: noticeDraft() });
    expect(await api.documentCount({})).toEqual({ count: 1 });
    expect((await api.searchDocuments({ query: '安全生产' })).length).toBe(1);
  });

  it('serves the renderer with its security headers and nothing outside it', async () => {
    const page = await fetch(`${host.origin}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('公文办理');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${host.origin}/documents/42`)).status).toBe(200);
    expect((await fetch(`${host.origin}/missing.js`)).status).toBe(404);
    // Paths climbing out of the build stay inside it: a missing file, or the page for a route.
    const climbing = ['/..%2foa-secret.txt', '/..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd'];
    for (const path of climbing) {
      const body = await (await fetch(`${host.origin}${path}`)).text();
      expect(body, path).not.toMatch(/secret|root:/);
    }
  });
});
