import { freePort, registerMembers, spawnScratchHub, type HubProcess } from '@oa/exchange-server/testing';
import { OaError } from '@oa/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreSet, jsonApiClient, noticeDraft } from '../test-support';

const password = 'hub-user-password-2026';
const profile = { displayName: '张三', roles: ['drafter' as const, 'reviewer' as const] };

let hub: HubProcess;
const laptops = coreSet();

beforeAll(async () => {
  hub = await spawnScratchHub();
  await registerMembers(hub.url, ['city'], password);
}, 60_000);
afterAll(async () => {
  laptops.cleanup();
  await hub?.stop();
});

/** A laptop's API client over JSON, the path every transport takes. */
function laptop() {
  const core = laptops.open();
  return { core, api: jsonApiClient(core) };
}

async function failure(promise: Promise<unknown>): Promise<OaError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OaError);
  return error as OaError;
}

describe('联网登录 (log in against the hub)', () => {
  it('asks for name and roles on a first login, then links the account, syncs, and unlocks offline later', async () => {
    const { core, api } = laptop();
    const first = { hubUrl: hub.url, login: 'staff-city', password };
    expect((await failure(api.loginWithHub(first))).code).toBe('ACCOUNT_PROFILE_REQUIRED');
    expect(core.accounts.count()).toBe(0);

    const account = await api.loginWithHub({ ...first, ...profile });
    expect(account).toMatchObject({ login: 'staff-city', displayName: '张三', hubLinked: true });
    expect(account.id).toMatch(/^user:/);
    // The session reaches the hub: a draft made now is pushed by the next round.
    core.documents.createDraft(core.accounts.requireCurrent(), noticeDraft());
    const status = await api.syncNow({});
    expect(status).toMatchObject({ connection: 'online', pendingOps: 0, lastError: null });

    // Later, with no hub at all: the same password unlocks; a wrong one does not.
    await api.lock({});
    expect(await api.currentAccount({})).toBeNull();
    expect((await failure(api.unlock({ login: 'staff-city', password: 'wrong-password' }))).code).toBe(
      'ACCOUNT_WRONG_PASSWORD',
    );
    expect(await api.unlock({ login: 'staff-city', password })).toMatchObject({ id: account.id, displayName: '张三' });

    // A second online login needs no profile: name and roles are kept.
    await api.lock({});
    expect(await api.loginWithHub(first)).toMatchObject({ id: account.id, roles: profile.roles });
    await api.lock({});
  });

  it('makes the same person the same workflow actor on a second computer', async () => {
    const one = laptop();
    const two = laptop();
    const a = await one.api.loginWithHub({ hubUrl: hub.url, login: 'staff-city', password, ...profile });
    const b = await two.api.loginWithHub({ hubUrl: hub.url, login: 'staff-city', password, ...profile });
    expect(b.id).toBe(a.id);
    await one.api.lock({});
    await two.api.lock({});
  });

  it('says why a login fails and creates nothing: wrong password, unreachable hub, bad address', async () => {
    const { core, api } = laptop();
    const refused = await failure(
      api.loginWithHub({ hubUrl: hub.url, login: 'staff-city', password: 'nope', ...profile }),
    );
    expect(refused.code).toBe('HUB_LOGIN_REFUSED');
    expect(refused.text.zh).toContain('用户名或密码错误');

    const away = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await failure(api.loginWithHub({ hubUrl: away, login: 'staff-city', password, ...profile }));
    expect(unreachable.code).toBe('HUB_LOGIN_UNREACHABLE');
    expect(unreachable.text.zh).toContain(away);

    const malformed = await failure(api.loginWithHub({ hubUrl: 'ftp://hub', login: 'staff-city', password }));
    expect(malformed.code).toBe('API_BAD_INPUT');
    expect(core.accounts.count()).toBe(0);
  });
});
