import { z } from 'zod';

/**
 * The sync protocol's operations (ARCHITECTURE.md "Sync"): a client writes locally first and
 * appends one operation per user action to its outbox, in the same database transaction as
 * the change. When online it pushes the outbox in order; the hub applies each op at most
 * once (the op id is the idempotency key), validates it against the workflow rules and
 * answers per op: accepted, duplicate (already applied) or rejected with a reason the user
 * sees. Changes made by others come back through a pull after a cursor.
 *
 * Payloads carry ids and data, never local row numbers, so the hub can apply them as they
 * are. Binary data (Yjs updates) is base64 so every op is plain JSON.
 */

const nonEmpty = z.string().trim().min(1);
/** Idempotency key of an op: a UUID made on the device when the user acted. */
export const syncOpIdSchema = z.uuid();
export const base64Schema = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');
export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 (64 lower-case hex digits)');

const opBase = {
  opId: syncOpIdSchema,
  /** The device that made the op (one per local data directory). */
  deviceId: nonEmpty,
  /** The account that acted. */
  actorId: nonEmpty,
  /** When the user acted, by the device's clock (ISO 8601 with offset). */
  createdAt: z.iso.datetime({ offset: true }),
};

/** A document's metadata and JSON content saved (created or edited) at `revision`. */
export const documentSaveOpSchema = z.object({
  ...opBase,
  type: z.literal('document.save'),
  documentId: nonEmpty,
  /** The local revision after the save; the hub detects concurrent saves by it. */
  revision: z.number().int().positive(),
  /** The document JSON (the hub validates it with validateDocument in draft stage). */
  document: z.unknown(),
});

/** A Yjs update to a draft's body (outside a live y-websocket room, e.g. edits made offline). */
export const draftUpdateOpSchema = z.object({
  ...opBase,
  type: z.literal('draft.update'),
  documentId: nonEmpty,
  update: base64Schema,
});

/** An attachment added to a document; the blob itself is uploaded by hash. */
export const attachmentAddOpSchema = z.object({
  ...opBase,
  type: z.literal('attachment.add'),
  documentId: nonEmpty,
  attachmentId: nonEmpty,
  blobHash: sha256HexSchema,
  name: nonEmpty,
  mediaType: nonEmpty,
  size: z.number().int().nonnegative(),
});

/**
 * A workflow command (start a flow, act on a task, return, chase …) as the local state
 * machine applied it. The hub replays `command` on its own copy of the instance with the
 * same shared state machine; when the outcome differs it rejects the op with the reason.
 */
export const workflowCommandOpSchema = z.object({
  ...opBase,
  type: z.literal('workflow.command'),
  instanceId: nonEmpty,
  documentId: nonEmpty,
  /** The instance's version the command was applied to (optimistic concurrency). */
  baseVersion: z.number().int().nonnegative(),
  command: z.record(z.string(), z.unknown()),
});

export const syncOpSchema = z.discriminatedUnion('type', [
  documentSaveOpSchema,
  draftUpdateOpSchema,
  attachmentAddOpSchema,
  workflowCommandOpSchema,
]);
export type SyncOp = z.infer<typeof syncOpSchema>;
export type SyncOpType = SyncOp['type'];

/** The most ops one push carries (the client sends the outbox in batches of this size). */
export const syncPushBatchLimit = 200;

export const syncPushRequestSchema = z.object({
  deviceId: nonEmpty,
  ops: z.array(syncOpSchema).min(1).max(syncPushBatchLimit),
});
export type SyncPushRequest = z.infer<typeof syncPushRequestSchema>;

const localizedReasonSchema = z.object({ zh: nonEmpty, en: nonEmpty });

/** The hub's answer for one op. A rejected op stays visible to the user with its reason. */
export const syncOpResultSchema = z.discriminatedUnion('status', [
  z.object({ opId: syncOpIdSchema, status: z.literal('accepted'), serverSeq: z.number().int().positive() }),
  z.object({ opId: syncOpIdSchema, status: z.literal('duplicate') }),
  z.object({ opId: syncOpIdSchema, status: z.literal('rejected'), code: nonEmpty, reason: localizedReasonSchema }),
]);
export type SyncOpResult = z.infer<typeof syncOpResultSchema>;

/**
 * The hub's copy of a workflow instance (the authority). A client adopts it when its own op on
 * the instance was rejected, and when others changed the instance (pull).
 */
export const syncInstanceSnapshotSchema = z.object({
  instanceId: nonEmpty,
  documentId: nonEmpty,
  definitionId: nonEmpty,
  definitionVersion: z.number().int().positive(),
  /** How many accepted commands the instance has seen (1 after the start). */
  version: z.number().int().positive(),
  /** The shared state machine's WorkflowState (parsed by the receiver with its own schema). */
  state: z.record(z.string(), z.unknown()),
});
export type SyncInstanceSnapshot = z.infer<typeof syncInstanceSnapshotSchema>;

export const syncPushResponseSchema = z.object({
  results: z.array(syncOpResultSchema),
  /** The hub's current state of every instance a rejected op of this push named. */
  instances: z.array(syncInstanceSnapshotSchema).default([]),
  /** Instances a rejected op named that do not exist on the hub (e.g. a refused start). */
  missingInstances: z.array(nonEmpty).default([]),
});
export type SyncPushResponse = z.infer<typeof syncPushResponseSchema>;

/** Pull: changes after `cursor` (opaque to the client; null for the first pull). */
export const syncPullRequestSchema = z.object({
  cursor: z.string().nullable(),
  limit: z.number().int().positive().max(1000).default(500),
});
const serverSeq = { serverSeq: z.number().int().positive() };
/** An op with its place in the agency's order (a union of extended objects: parsed faster than an intersection). */
export const syncPulledOpSchema = z.discriminatedUnion('type', [
  documentSaveOpSchema.extend(serverSeq),
  draftUpdateOpSchema.extend(serverSeq),
  attachmentAddOpSchema.extend(serverSeq),
  workflowCommandOpSchema.extend(serverSeq),
]);
export type SyncPulledOp = z.infer<typeof syncPulledOpSchema>;
export const syncPullResponseSchema = z.object({
  ops: z.array(syncPulledOpSchema),
  /** Where the next pull starts (`?after=`). */
  cursor: z.string(),
  more: z.boolean(),
  /** The hub's current state of every instance the ops of this page touched. */
  instances: z.array(syncInstanceSnapshotSchema).default([]),
});
export type SyncPullResponse = z.infer<typeof syncPullResponseSchema>;
