import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HubClient } from '../client/hub-client';
import { hubConfigSchema, type HubConfigInput } from '../config';
import { startHub, type RunningHub } from '../server';
import { testAgencies, type TestAgencyKey, type TestPki } from './pki';
import { startTestPostgres } from './postgres';

export type Backend = 'sqlite' | 'postgres';

/** Fresh storage for hub processes under test, and the hub flags that point at it. */
export interface ScratchStorage {
  args: string[];
  /** As `openStorage` takes it, to look into the database beside the hubs. */
  storage: { databaseUrl?: string; dataDir: string };
  /** Stops the PostgreSQL server or deletes the folder (after the hubs have stopped). */
  dispose: () => Promise<void>;
}

/** A new database on a PostgreSQL server of its own, or a temporary SQLite data folder named `<prefix>…`. */
export async function scratchStorage(backend: Backend, prefix: string): Promise<ScratchStorage> {
  if (backend === 'postgres') {
    const postgres = await startTestPostgres();
    const databaseUrl = await postgres.createDatabase();
    return {
      args: ['--database-url', databaseUrl],
      storage: { databaseUrl, dataDir: tmpdir() },
      dispose: () => postgres.stop(),
    };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), prefix));
  return {
    args: ['--data-dir', dataDir],
    storage: { dataDir },
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

export const adminCredentials = { username: 'hub-admin', password: 'admin-password-测试-2026' } as const;
export const userPassword = 'operator-password-2026';
export const tokenSecret = 'test-token-secret-that-is-long-enough-0123456789';

/** The configuration of a test hub: a free local port, the test PKI's root trusted, an admin. */
export function testHubConfig(
  pki: TestPki,
  storage: { databaseUrl?: string },
  overrides: Partial<HubConfigInput> = {},
) {
  return hubConfigSchema.parse({
    port: 0,
    dataDir: mkdtempSync(path.join(tmpdir(), 'oa-hub-data-')),
    trustRoots: [pki.rootPemFile],
    logLevel: 'silent',
    // In-thread verification unless a suite asks for the worker pool (it costs a second to start).
    verifyWorkers: 0,
    tokenSecret,
    adminUser: adminCredentials.username,
    adminPassword: adminCredentials.password,
    ...storage,
    ...overrides,
  });
}

/** A hub listening on a free local port, with the test PKI's root trusted and an admin logged in. */
export async function startTestHub(
  pki: TestPki,
  storage: { databaseUrl?: string },
  overrides: Partial<HubConfigInput> = {},
): Promise<RunningHub & { admin: HubClient }> {
  const config = testHubConfig(pki, storage, overrides);
  const started = await startHub(config);
  // Closing the hub also removes its temporary data directory.
  const hub = {
    ...started,
    close: async () => {
      await started.close();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
  const admin = new HubClient(hub.url);
  await admin.login(adminCredentials.username, adminCredentials.password);
  return { ...hub, admin };
}

/**
 * Registers the test agency tree with one seal each and one operator per agency; returns an
 * operator client per agency.
 */
export async function populate(
  hub: { url: string; admin: HubClient },
  pki: TestPki,
): Promise<Record<TestAgencyKey, HubClient>> {
  const parents: Record<TestAgencyKey, TestAgencyKey | undefined> = {
    province: undefined,
    city: 'province',
    county: 'city',
    bureau: 'city',
  };
  const clients = {} as Record<TestAgencyKey, HubClient>;
  // The agencies the PKI has seals for, parents first.
  const keys = (Object.keys(testAgencies) as TestAgencyKey[]).filter((key) => key in pki.seals);
  for (const key of keys) {
    const agency = testAgencies[key];
    const parent = keys.includes(parents[key]!) ? parents[key] : undefined;
    await hub.admin.registerAgency({
      code: agency.code,
      name: agency.name,
      level: agency.level,
      ...(parent ? { parentCode: testAgencies[parent].code } : {}),
    });
    await hub.admin.registerSeal(agency.code, pki.seals[key].certificate.toPem());
    await hub.admin.createUser({
      username: `operator-${key}`,
      password: userPassword,
      memberships: [{ agencyCode: agency.code, role: 'operator' }],
    });
    const client = new HubClient(hub.url);
    await client.login(`operator-${key}`, userPassword);
    clients[key] = client;
  }
  return clients;
}
