import path from 'node:path';
import { BlobFiles } from './blob-files';
import type { SqlDriver } from './driver';
import { migrate } from './migrations';
import { PostgresDriver } from './postgres-driver';
import { SqlHubStore } from './sql-store';
import { SqliteDriver } from './sqlite-driver';

/** Where a SQLite hub keeps its documents, inside its data folder. */
export const blobsDirName = 'blobs';

/** Opens the configured database (PostgreSQL when a URL is given, else SQLite) and migrates it. */
export async function openStorage(options: {
  databaseUrl?: string | undefined;
  dataDir: string;
}): Promise<{ driver: SqlDriver; store: SqlHubStore }> {
  const driver: SqlDriver = options.databaseUrl
    ? new PostgresDriver(options.databaseUrl)
    : new SqliteDriver(path.join(options.dataDir, 'hub.sqlite'));
  try {
    await migrate(driver);
    const store = new SqlHubStore(
      driver,
      options.databaseUrl ? undefined : new BlobFiles(path.join(options.dataDir, blobsDirName)),
    );
    // Entries a killed process recorded but did not chain are chained before anything else.
    await store.settleAudit();
    return { driver, store };
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw error;
  }
}
