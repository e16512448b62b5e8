import { isOaError, syncPushBatchLimit, type LocalizedText, type SyncOp, type SyncPushResponse } from '@oa/shared';
import type { SyncStatusView } from '../../api-contract';
import { isoNow, type CoreContext } from '../context';
import type { DraftBodies } from '../drafts/draft-bodies';
import { rewindRevision } from '../store/documents';
import { markRejected, pendingCount, pendingOps, removeAccepted } from '../store/outbox';
import { deleteInstance } from '../workflow/instances';
import { adoptInstance, applyRemotePage } from './apply-remote';
import { defaultBackoff, nextDelay, type BackoffPolicy } from './backoff';
import { openConflictCount, recordConflict } from './conflicts';
import { HubUnreachable, SyncTransport, type HubSession } from './transport';

/** The pull position in `sync_cursors`. */
const cursorStream = 'agency';

export interface SyncOptions {
  /** The hub and token to use now (the unlocked account's), or null when not linked. */
  session: () => HubSession | null;
  policy?: BackoffPolicy;
  /** Ops per push (the protocol's limit by default). */
  batchSize?: number;
  /** Called after every round the hub answered (the live rooms reconnect then). */
  onOnline?: () => void;
}

/**
 * The sync client (docs/sync.md): pushes the outbox in order in batches, then pulls the
 * agency's ops after the stored cursor and applies them. A refused op is kept in the outbox as
 * rejected, the local instance is corrected from the hub's copy, and a conflict item keeps the
 * user's text. While the hub cannot be reached it retries with capped exponential back-off.
 */
export class SyncClient {
  private running: Promise<SyncStatusView> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private state: { online: boolean | null; lastSyncAt: string | null; lastError: LocalizedText | null } = {
    online: null,
    lastSyncAt: null,
    lastError: null,
  };
  private nextAttemptAt: string | null = null;

  constructor(
    private readonly context: CoreContext,
    private readonly bodies: DraftBodies,
    private readonly options: SyncOptions,
  ) {}

  status(): SyncStatusView {
    const linked = this.options.session() !== null;
    return {
      connection: !linked
        ? 'not-linked'
        : this.state.online === null
          ? 'unknown'
          : this.state.online
            ? 'online'
            : 'offline',
      pendingOps: pendingCount(this.context),
      openConflicts: openConflictCount(this.context),
      lastSyncAt: this.state.lastSyncAt,
      lastError: this.state.lastError,
      nextAttemptAt: this.nextAttemptAt,
      cursor: this.cursor(),
    };
  }

  /** One full round (push everything, pull everything); concurrent callers share it. */
  syncNow(): Promise<SyncStatusView> {
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Syncs now and then by itself: every interval while online, with back-off while not. */
  start(): void {
    if (this.timer !== undefined) return;
    const tick = async () => {
      try {
        await this.syncNow();
      } catch (error) {
        if (this.timer === undefined) return; // stopped (the store closed) during the round
        throw error;
      }
      if (this.timer === undefined) return; // stopped during the round: do not start again
      const delay = nextDelay(this.options.policy ?? defaultBackoff, this.failures);
      this.nextAttemptAt = new Date(this.context.now().getTime() + delay).toISOString();
      this.timer = setTimeout(() => void tick(), delay);
      this.timer.unref?.();
    };
    this.timer = setTimeout(() => void tick(), 0);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.nextAttemptAt = null;
  }

  /** How many failed rounds in a row (0 after a good one): what the back-off is based on. */
  get consecutiveFailures(): number {
    return this.failures;
  }

  private async round(): Promise<SyncStatusView> {
    const session = this.options.session();
    if (session === null) return this.status();
    const transport = new SyncTransport(session);
    try {
      await this.pushAll(transport);
      await this.pullAll(transport);
      this.failures = 0;
      this.state = { online: true, lastSyncAt: isoNow(this.context), lastError: null };
      this.options.onOnline?.();
    } catch (error) {
      this.failures++;
      if (error instanceof HubUnreachable) {
        this.state = {
          ...this.state,
          online: false,
          lastError: {
            zh: `无法连接交换中心（${error.detail}），稍后自动重试。`,
            en: `${error.message}; retrying later.`,
          },
        };
      } else if (isOaError(error)) {
        // The hub answered but refused the whole call (an expired session, no membership).
        this.state = { ...this.state, online: true, lastError: error.text };
      } else {
        throw error;
      }
    }
    return this.status();
  }

  private async pushAll(transport: SyncTransport): Promise<void> {
    const size = this.options.batchSize ?? syncPushBatchLimit;
    for (;;) {
      const ops = pendingOps(this.context, size);
      if (ops.length === 0) return;
      const response = await transport.push({ deviceId: this.context.deviceId, ops });
      this.context.db.transaction(() => this.settle(ops, response))();
    }
  }

  /** Writes the hub's answers: accepted ops leave the outbox; refused ones become conflicts and the state is corrected. */
  private settle(ops: SyncOp[], response: SyncPushResponse): void {
    const byId = new Map(ops.map((op) => [op.opId, op]));
    const taken: string[] = [];
    for (const result of response.results) {
      const op = byId.get(result.opId);
      if (op === undefined) continue;
      if (result.status !== 'rejected') {
        taken.push(result.opId);
        continue;
      }
      markRejected(this.context, op.opId, result.code, result.reason);
      recordConflict(this.context, op, result);
      if (op.type === 'document.save') rewindRevision(this.context, op.documentId, op.revision - 1);
    }
    removeAccepted(this.context, taken);
    for (const snapshot of response.instances) adoptInstance(this.context, snapshot, true);
    for (const id of response.missingInstances) deleteInstance(this.context, id);
  }

  private async pullAll(transport: SyncTransport): Promise<void> {
    for (;;) {
      const page = await transport.pull(this.cursor() ?? '', this.context.deviceId);
      this.context.db.transaction(() => {
        applyRemotePage(this.context, this.bodies, page.ops);
        for (const snapshot of page.instances) adoptInstance(this.context, snapshot, false);
        this.context.db
          .prepare(
            `INSERT INTO sync_cursors (stream, cursor, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
          )
          .run(cursorStream, page.cursor, isoNow(this.context));
      })();
      if (!page.more) return;
    }
  }

  private cursor(): string | null {
    const row = this.context.db.prepare('SELECT cursor FROM sync_cursors WHERE stream = ?').get(cursorStream) as
      { cursor: string } | undefined;
    return row?.cursor ?? null;
  }
}
