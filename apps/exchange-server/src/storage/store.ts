import type { RecipientAction, RecipientState } from '@oa/shared';
import type { AuditEntry, AuditRow } from '../audit/chain';
import type { AgencyRole } from '../auth/roles';
import type { AgencyLevel } from '../directory/levels';

/**
 * Everything the hub keeps, behind one interface. `SqlHubStore` implements it over SQLite or
 * PostgreSQL. Every operation that changes state records its audit entries in the same
 * transaction, so the log and the data never disagree, and returns only once they are chained
 * (see `AuditWriter`).
 */
export interface AgencyRecord {
  code: string;
  name: string;
  level: AgencyLevel;
  parentCode: string | null;
  createdAt: string;
}

export type SealStatus = 'active' | 'revoked';

export interface SealRecord {
  fingerprint: string;
  agencyCode: string;
  certificateDer: Uint8Array;
  subject: string;
  notAfter: string;
  status: SealStatus;
  registeredAt: string;
  revokedAt: string | null;
}

export interface Membership {
  agencyCode: string;
  role: AgencyRole;
}

export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  hubAdmin: boolean;
  createdAt: string;
  memberships: Membership[];
  /** The name colleagues know the person by (王芳), when given. */
  name?: string | undefined;
  /** The person's department (处室, e.g. 办公室), when given. */
  department?: string | undefined;
}

export interface MessageRecord {
  id: string;
  senderCode: string;
  /** The envelope's canonical JSON, exactly as signed. */
  envelope: string;
  envelopeSha256: string;
  envelopeSignature: Uint8Array;
  documentSha256: string;
  title: string;
  docNumber: string;
  kind: string;
  classification: string | null;
  urgency: string | null;
  sentBy: string;
  sentAt: string;
}

export interface AttachmentRecord {
  position: number;
  name: string;
  mediaType: string;
  sha256: string;
}

export interface RecipientRecord {
  messageId: string;
  agencyCode: string;
  state: RecipientState;
  updatedAt: string;
  deliveredAt: string | null;
  reason: string | null;
  receipt: string | null;
  receiptSignature: Uint8Array | null;
}

/** Who does something and when: every change is attributed in the audit log. */
export interface Actor {
  id: string;
  at: string;
}

export interface NewMessage {
  message: MessageRecord;
  attachments: AttachmentRecord[];
  recipients: string[];
  blobs: Array<{ sha256: string; data: Uint8Array }>;
}

export type TransitionResult =
  { ok: true; recipient: RecipientRecord } | { ok: false; current: RecipientState | undefined };

export interface HubStore {
  // Directory (机构目录)
  createAgency(agency: AgencyRecord, actor: Actor): Promise<boolean>;
  getAgency(code: string): Promise<AgencyRecord | undefined>;
  listAgencies(): Promise<AgencyRecord[]>;
  addSeal(seal: SealRecord, actor: Actor): Promise<boolean>;
  revokeSeal(fingerprint: string, actor: Actor): Promise<SealRecord | undefined>;
  getSeal(fingerprint: string): Promise<SealRecord | undefined>;
  sealsOf(agencyCode: string): Promise<SealRecord[]>;

  // Accounts
  createUser(user: UserRecord, actor: Actor): Promise<boolean>;
  userByName(username: string): Promise<UserRecord | undefined>;
  listUsers(agencyCode?: string): Promise<UserRecord[]>;
  countUsers(): Promise<number>;
  createChallenge(nonce: string, agencyCode: string, expiresAt: string): Promise<void>;
  /** Marks a challenge used; true only for the first use of an unexpired challenge of that agency. */
  consumeChallenge(nonce: string, agencyCode: string, now: string): Promise<boolean>;

  // Exchange (公文交换)
  /** Stores a message with its content and recipients; false when the id already exists. */
  storeMessage(message: NewMessage, actor: Actor): Promise<boolean>;
  getMessage(id: string): Promise<MessageRecord | undefined>;
  attachmentsOf(messageId: string): Promise<AttachmentRecord[]>;
  recipientsOf(messageId: string): Promise<RecipientRecord[]>;
  getBlob(sha256: string): Promise<Uint8Array | undefined>;
  inbox(
    agencyCode: string,
    /** Keyset paging: messages after (sentAt, id) in that order. */
    options: { states: readonly RecipientState[]; limit: number; after?: { sentAt: string; id: string } },
  ): Promise<Array<{ message: MessageRecord; recipient: RecipientRecord }>>;
  outbox(agencyCode: string, options: { limit: number; beforeSentAt?: string }): Promise<MessageRecord[]>;
  /** Moves one recipient along the state machine if it is in an allowed state. */
  transition(
    messageId: string,
    agencyCode: string,
    action: RecipientAction,
    patch: { reason?: string; receipt?: string; receiptSignature?: Uint8Array },
    actor: Actor,
  ): Promise<TransitionResult>;
  /** Delivers up to `limit` waiting messages to the agency; each goes to exactly one caller. */
  claim(agencyCode: string, limit: number, actor: Actor): Promise<string[]>;

  // Audit (审计)
  /** Rows after `afterSeq` up to `untilSeq` (when given); entries hidden unless visible to `visibleTo`. */
  auditRows(options: { afterSeq: number; untilSeq?: number; limit: number; visibleTo?: string }): Promise<AuditRow[]>;
  /** The chain's head, after chaining the entries of every change committed before the call. */
  auditHead(): Promise<{ seq: number; hash: string }>;
  /**
   * Resolves once the audit entries of every change committed before the call are in the chain,
   * durably (a change found already stored, e.g. by a retry, is answered only after this).
   */
  settleAudit(): Promise<void>;

  /** A deployment-wide setting, created with `initial` by whichever process asks first. */
  setting(key: string, initial: () => string): Promise<string>;

  ping(): Promise<void>;
  close(): Promise<void>;
}

export type { AuditEntry };
