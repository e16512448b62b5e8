import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Accounts, noSecretSealer, type SecretSealer } from './accounts/accounts';
import type { CoreContext } from './context';
import { openDatabase, type Db } from './db/database';
import { DocumentsService } from './documents-service';
import { DraftBodies } from './drafts/draft-bodies';
import { readInternal, writeInternal } from './store/settings';
import { DraftRooms } from './sync/draft-rooms';
import { SignOffBatches } from './workflow/sign-off-batch';
import { ArchiveJobs } from './archive/archive-jobs';
import { SyncClient, type SyncOptions } from './sync/sync-client';
import { ArchiveService } from './archive/archive-service';
import { Previewer } from './preview/previewer';
import { JobsWorker } from './workers/jobs-client';
import { WorkflowService } from './workflow/service';
import { DispatchService } from './exchange/dispatch-service';
import { ExchangeSession } from './exchange/hub-session';
import { IncomingService } from './exchange/incoming-service';

export interface CoreOptions {
  /** The data directory: `oa.sqlite` and `blobs/` live here. */
  dataDir: string;
  /** Electron safeStorage in the app; unavailable in the web host and tests. */
  sealer?: SecretSealer;
  now?: () => Date;
  newId?: () => string;
  /** Sync settings; by default the unlocked account's hub session. */
  sync?: Partial<SyncOptions>;
}

/** The desktop core: the local store and the services on it, one instance per data directory. */
export interface DesktopCore {
  context: CoreContext;
  accounts: Accounts;
  bodies: DraftBodies;
  documents: DocumentsService;
  workflows: WorkflowService;
  sync: SyncClient;
  /** The drafts' live rooms on the hub (collaborative editing, presence). */
  rooms: DraftRooms;
  /** GB/T 9704 typesetting in a worker thread (live preview) and arrival verification. */
  previewer: Previewer;
  /** The jobs worker thread: the heavy work of 批量签发, 归档 and export (apart from the preview's). */
  jobsWorker: JobsWorker;
  /** 归档 into the catalogue under `<data dir>/archive`. */
  archive: ArchiveService;
  /** 归档 and export as background jobs with progress. */
  archiveJobs: ArchiveJobs;
  /** 批量签发 with the leader's personal key (background batches with progress). */
  signOff: SignOffBatches;
  /** 公文交换: the agency's hub session, 登记/用印/核发 and 收文. */
  exchange: { session: ExchangeSession; dispatch: DispatchService; incoming: IncomingService };
  close(): void;
}

export const databaseFileName = 'oa.sqlite';

export function openDesktopCore(options: CoreOptions): DesktopCore {
  mkdirSync(options.dataDir, { recursive: true });
  const db: Db = openDatabase(join(options.dataDir, databaseFileName));
  const context: CoreContext = {
    db,
    dataDir: options.dataDir,
    deviceId: deviceId(db),
    now: options.now ?? (() => new Date()),
    newId: options.newId ?? randomUUID,
  };
  const bodies = new DraftBodies(context);
  const accounts = new Accounts(context, options.sealer ?? noSecretSealer);
  const hubSession = options.sync?.session ?? (() => accounts.hubSession());
  const rooms = new DraftRooms(bodies, hubSession);
  // Back online: the rooms of open drafts reconnect at once (and merge what was edited offline).
  const sync = new SyncClient(context, bodies, {
    onOnline: () => rooms.reconnectAll(),
    ...options.sync,
    session: hubSession,
  });
  const previewer = new Previewer();
  const jobsWorker = new JobsWorker();
  const workflows = new WorkflowService(context, bodies);
  const archive = new ArchiveService(context, previewer, jobsWorker, workflows);
  const signOff = new SignOffBatches(context, previewer, jobsWorker, workflows);
  const archiveJobs = new ArchiveJobs(archive, context.newId);
  const documents = new DocumentsService(context, bodies);
  const session = new ExchangeSession(context);
  const exchange = {
    session,
    dispatch: new DispatchService(context, session, previewer, workflows),
    incoming: new IncomingService(context, session, documents, workflows, previewer),
  };
  return {
    context,
    accounts,
    bodies,
    documents,
    workflows,
    sync,
    rooms,
    previewer,
    jobsWorker,
    archive,
    signOff,
    archiveJobs,
    exchange,
    close: () => {
      sync.stop();
      rooms.closeAll();
      void previewer.close();
      void jobsWorker.close();
      archive.close();
      db.close();
    },
  };
}

/** This data directory's device id (made once; it names the device in every outbox op). */
function deviceId(db: Db): string {
  const existing = readInternal({ db }, 'device.id');
  if (typeof existing === 'string') return existing;
  const id = `device-${randomUUID()}`;
  writeInternal({ db }, 'device.id', id);
  return id;
}
