import { HubClient } from '@oa/exchange-server';
import {
  adminCredentials,
  registerMembers,
  spawnScratchHub,
  testAgencies,
  type HubProcess,
} from '@oa/exchange-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreSet, jsonApiClient, unlockedClient } from '../test-support';

const password = 'colleague-password-2026';
let hub: HubProcess;
const laptops = coreSet();

beforeAll(async () => {
  hub = await spawnScratchHub();
  await registerMembers(hub.url, ['city', 'county'], password);
  const admin = new HubClient(hub.url);
  await admin.login(adminCredentials.username, adminCredentials.password);
  await admin.createUser({
    username: 'zhouli',
    password,
    memberships: [{ agencyCode: testAgencies.city.code, role: 'operator' }],
    department: '应急管理科',
  });
  await admin.createUser({
    username: 'chengang',
    password,
    memberships: [{ agencyCode: testAgencies.city.code, role: 'operator' }],
    name: '陈刚',
    department: '财务科',
  });
  await admin.createUser({
    username: 'liuqiang',
    password,
    memberships: [{ agencyCode: testAgencies.city.code, role: 'operator' }],
  });
}, 60_000);
afterAll(async () => {
  laptops.cleanup();
  await hub?.stop();
});

function laptop() {
  return jsonApiClient(laptops.open());
}

describe('colleagues (listColleagues)', () => {
  it("lists the people of one's own agency with their hub ids, named as this computer knows them", async () => {
    const api = laptop();
    const zhou = await api.loginWithHub({
      hubUrl: hub.url,
      login: 'zhouli',
      password,
      displayName: '周丽',
      roles: ['countersigner'],
    });
    await api.lock({});
    const me = await api.loginWithHub({
      hubUrl: hub.url,
      login: 'staff-city',
      password,
      displayName: '王芳',
      roles: ['drafter'],
    });
    const colleagues = await api.listColleagues({});
    // Not oneself, not the county's staff; by department (处室), people without one last. 周丽 by
    // the name she gave on this computer, 陈刚 by the hub's, 刘强's login as nothing else is known.
    expect(colleagues).toEqual([
      { id: expect.stringMatching(/^user:/), login: 'chengang', name: '陈刚', department: '财务科' },
      { id: zhou.id, login: 'zhouli', name: '周丽', department: '应急管理科' },
      { id: expect.stringMatching(/^user:/), login: 'liuqiang', name: 'liuqiang', department: null },
    ]);
    expect(colleagues.map((c) => c.id)).not.toContain(me.id);
  }, 30_000);

  it('refuses, with a typed error, an account that never logged in online', async () => {
    const api = laptop();
    await unlockedClient(api);
    await expect(api.listColleagues({})).rejects.toMatchObject({ code: 'COLLEAGUES_NEED_HUB_LOGIN' });
  });
});
