import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { AuthService } from './auth/service';
import { TokenService } from './auth/tokens';
import type { HubConfig } from './config';
import { DirectoryService } from './directory/service';
import { NoticeHub } from './exchange/notices';
import { ExchangeService } from './exchange/service';
import { buildApp } from './http/app';
import type { HubServices } from './http/context';
import type { SealVerifier } from './seal/verifier';
import type { SqlDriver } from './storage/driver';
import { openStorage } from './storage/open';
import { DraftPeopleService } from './drafts/draft-people';
import { RoomService } from './rooms/service';
import { SyncService } from './sync/service';

export interface Hub {
  app: FastifyInstance;
  services: HubServices;
  /** The database underneath (for operations tooling and tests). */
  driver: SqlDriver;
  /** Stops accepting requests, lets running ones finish, then closes the database. */
  close(): Promise<void>;
}

/** Assembles a hub from its configuration: storage (migrated), services and the HTTP app. */
export async function createHub(config: HubConfig, verifier: SealVerifier): Promise<Hub> {
  const { driver, store } = await openStorage(config);
  const notices = new NoticeHub(driver);
  const rooms = new RoomService(driver);
  try {
    await notices.start();
    await rooms.start();
    // Without a configured secret the processes of a deployment share one kept in the database.
    const secret =
      config.tokenSecret ?? (await store.setting('token-secret', () => randomBytes(32).toString('base64url')));
    const tokens = new TokenService(secret, config.tokenTtlSeconds);
    const directory = new DirectoryService(store, verifier);
    const services: HubServices = {
      store,
      tokens,
      notices,
      directory,
      auth: new AuthService(store, tokens, verifier),
      exchange: new ExchangeService(store, verifier, config, notices),
      sync: new SyncService(driver),
      rooms,
      draftPeople: new DraftPeopleService(driver),
    };
    if (config.adminUser && config.adminPassword)
      await directory.bootstrapAdmin(config.adminUser, config.adminPassword);
    const app = await buildApp(services, {
      bodyLimit: config.bodyLimit,
      logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
      ...(config.tlsCert && config.tlsKey
        ? { https: { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) } }
        : {}),
    });
    rooms.onError = (error) => app.log.error({ err: error }, 'draft room storage failed');
    return {
      app,
      services,
      driver,
      close: async () => {
        await app.close();
        await rooms.close();
        await notices.close();
        await store.close();
      },
    };
  } catch (error) {
    await rooms.close().catch(() => undefined);
    await notices.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }
}
