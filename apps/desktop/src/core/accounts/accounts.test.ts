import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { coreSet, testPassword } from '../test-support';
import type { SecretSealer } from './accounts';

const cores = coreSet();
afterEach(() => cores.cleanup());
const open = cores.open;

const account = { login: 'lisi', displayName: '李四', password: testPassword, roles: ['reviewer'] };

describe('local accounts (offline unlock)', () => {
  it('unlocks with the right password, also after the client restarts', async () => {
    const core = open();
    await core.accounts.create(account);
    core.close();
    const again = open({ dataDir: core.dataDir });
    const view = await again.accounts.unlock('lisi', testPassword);
    expect(view).toMatchObject({ login: 'lisi', displayName: '李四', roles: ['reviewer'], hubLinked: false });
    expect(again.accounts.requireCurrent().name).toBe('李四');
    again.accounts.lock();
    expect(() => again.accounts.requireCurrent()).toThrow(expect.objectContaining({ code: 'ACCOUNT_LOCKED' }));
  });

  it('refuses a wrong password and an unknown login with typed errors', async () => {
    const core = open();
    await core.accounts.create(account);
    await expect(core.accounts.unlock('lisi', '错误的口令-2026')).rejects.toMatchObject({
      code: 'ACCOUNT_WRONG_PASSWORD',
      text: { zh: '密码错误', en: 'Wrong password' },
    });
    await expect(core.accounts.unlock('wangwu', testPassword)).rejects.toMatchObject({ code: 'ACCOUNT_UNKNOWN' });
    expect(core.accounts.currentAccount()).toBeNull();
  });

  it('never stores the password: only a scrypt verifier, nothing readable in the database files', async () => {
    const core = open();
    await core.accounts.create(account);
    const row = core.context.db.prepare('SELECT verifier FROM accounts').get() as { verifier: string };
    expect(row.verifier).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    core.context.db.pragma('wal_checkpoint(TRUNCATE)');
    const needle = Buffer.from(testPassword);
    for (const file of readdirSync(core.dataDir).filter((name) => name.startsWith('oa.sqlite'))) {
      expect(readFileSync(join(core.dataDir, file)).includes(needle), file).toBe(false);
    }
  });

  it('pauses unlocking after repeated wrong passwords, then accepts the right one', async () => {
    let now = new Date('2026-11-23T09:00:00Z');
    const core = open({ now: () => now });
    await core.accounts.create(account);
    for (let i = 0; i < 5; i += 1) {
      await expect(core.accounts.unlock('lisi', 'wrong-password')).rejects.toMatchObject({
        code: 'ACCOUNT_WRONG_PASSWORD',
      });
    }
    await expect(core.accounts.unlock('lisi', testPassword)).rejects.toMatchObject({ code: 'ACCOUNT_THROTTLED' });
    now = new Date('2026-11-23T09:01:00Z');
    await expect(core.accounts.unlock('lisi', testPassword)).resolves.toMatchObject({ login: 'lisi' });
  });

  it('refuses short passwords and duplicate logins', async () => {
    const core = open();
    await expect(core.accounts.create({ ...account, password: 'short' })).rejects.toMatchObject({
      code: 'ACCOUNT_WEAK_PASSWORD',
    });
    await core.accounts.create(account);
    await expect(core.accounts.create({ ...account, login: 'LISI' })).rejects.toMatchObject({ code: 'ACCOUNT_EXISTS' });
  });

  it('keeps a hub token sealed by the platform key store, or in memory only when there is none', async () => {
    const sealer: SecretSealer = {
      available: true,
      seal: vi.fn((plain: string) => Buffer.from([...Buffer.from(plain)].map((b) => b ^ 0x5a))),
      open: vi.fn((sealed: Buffer) => Buffer.from([...sealed].map((b) => b ^ 0x5a)).toString()),
    };
    const sealed = open({ sealer });
    const view = await sealed.accounts.create(account);
    const hub = { url: 'https://hub.example.gov.cn', userId: 'u-1', expiresAt: '2026-12-01T00:00:00Z' };
    sealed.accounts.attachHubToken(view.id, 'token-abc', hub);
    const stored = sealed.context.db.prepare('SELECT hub_token_sealed FROM accounts').get() as {
      hub_token_sealed: Buffer;
    };
    expect(stored.hub_token_sealed.includes(Buffer.from('token-abc'))).toBe(false);
    expect(sealed.accounts.hubToken(view.id)).toBe('token-abc');

    const plain = open();
    const other = await plain.accounts.create(account);
    plain.accounts.attachHubToken(other.id, 'token-xyz', hub);
    expect(plain.context.db.prepare('SELECT hub_token_sealed FROM accounts').get()).toEqual({ hub_token_sealed: null });
    expect(plain.accounts.hubToken(other.id)).toBe('token-xyz');
  });

  it('creates the account at the first hub login, then unlocks offline; a password changed on the hub follows', async () => {
    const core = open();
    const hub = {
      url: 'https://hub.example.gov.cn',
      userId: 'hub-7',
      token: 'session-1',
      expiresAt: '2026-12-01T00:00:00Z',
    };
    const first = await core.accounts.recordHubLogin({ ...account, hub });
    expect(first).toMatchObject({ login: 'lisi', hubLinked: true });
    expect(core.accounts.hubToken(first.id)).toBe('session-1');
    core.accounts.lock();
    await expect(core.accounts.unlock('lisi', testPassword)).resolves.toMatchObject({ id: first.id });

    const again = await core.accounts.recordHubLogin({
      ...account,
      displayName: '李四（办公室）',
      password: '新的口令-2027',
      hub: { ...hub, token: 'session-2' },
    });
    expect(again).toMatchObject({ id: first.id, displayName: '李四（办公室）' });
    core.accounts.lock();
    await expect(core.accounts.unlock('lisi', testPassword)).rejects.toMatchObject({ code: 'ACCOUNT_WRONG_PASSWORD' });
    await expect(core.accounts.unlock('lisi', '新的口令-2027')).resolves.toMatchObject({ id: first.id });
    expect(core.accounts.hubToken(first.id)).toBe('session-2');
  });
});
