import { recipientTransitions, type RecipientAction, type RecipientState } from '@oa/shared';
import type { AuditEntry, AuditRow } from '../audit/chain';
import type { AgencyRole } from '../auth/roles';
import type { AgencyLevel } from '../directory/levels';
import {
  InlineAuditWriter,
  SequencedAuditWriter,
  pendingEntry,
  type AuditWriter,
  type PendingAudit,
} from './audit-writer';
import type { BlobFiles } from './blob-files';
import { num, type SqlDriver, type SqlExecutor, type SqlValue } from './driver';
import type {
  Actor,
  AgencyRecord,
  AttachmentRecord,
  HubStore,
  MessageRecord,
  NewMessage,
  RecipientRecord,
  SealRecord,
  TransitionResult,
  UserRecord,
} from './store';

type Row = Record<string, unknown>;

const bytes = (value: unknown): Uint8Array => new Uint8Array(value as Buffer);
const text = (value: unknown): string => String(value);
const optionalText = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

function agencyFrom(row: Row): AgencyRecord {
  return {
    code: text(row['code']),
    name: text(row['name']),
    level: text(row['level']) as AgencyLevel,
    parentCode: optionalText(row['parent_code']),
    createdAt: text(row['created_at']),
  };
}

function sealFrom(row: Row): SealRecord {
  return {
    fingerprint: text(row['fingerprint']),
    agencyCode: text(row['agency_code']),
    certificateDer: bytes(row['certificate']),
    subject: text(row['subject']),
    notAfter: text(row['not_after']),
    status: text(row['status']) === 'revoked' ? 'revoked' : 'active',
    registeredAt: text(row['registered_at']),
    revokedAt: optionalText(row['revoked_at']),
  };
}

function messageFrom(row: Row): MessageRecord {
  return {
    id: text(row['id']),
    senderCode: text(row['sender_code']),
    envelope: text(row['envelope']),
    envelopeSha256: text(row['envelope_sha256']),
    envelopeSignature: bytes(row['envelope_signature']),
    documentSha256: text(row['document_sha256']),
    title: text(row['title']),
    docNumber: text(row['doc_number']),
    kind: text(row['kind']),
    classification: optionalText(row['classification']),
    urgency: optionalText(row['urgency']),
    sentBy: text(row['sent_by']),
    sentAt: text(row['sent_at']),
  };
}

function recipientFrom(row: Row, prefix = ''): RecipientRecord {
  const signature = row[`${prefix}receipt_signature`];
  return {
    messageId: text(row[`${prefix}message_id`]),
    agencyCode: text(row[`${prefix}agency_code`]),
    state: text(row[`${prefix}state`]) as RecipientState,
    updatedAt: text(row[`${prefix}updated_at`]),
    deliveredAt: optionalText(row[`${prefix}delivered_at`]),
    reason: optionalText(row[`${prefix}reason`]),
    receipt: optionalText(row[`${prefix}receipt`]),
    receiptSignature: signature === null || signature === undefined ? null : bytes(signature),
  };
}

const messageColumns =
  'm.id, m.sender_code, m.envelope, m.envelope_sha256, m.envelope_signature, m.document_sha256, m.title, m.doc_number, m.kind, m.classification, m.urgency, m.sent_by, m.sent_at';
const recipientColumns =
  'r.message_id AS r_message_id, r.agency_code AS r_agency_code, r.state AS r_state, r.updated_at AS r_updated_at, r.delivered_at AS r_delivered_at, r.reason AS r_reason, r.receipt AS r_receipt, r.receipt_signature AS r_receipt_signature';

const messageInsertColumns =
  'id, sender_code, envelope, envelope_sha256, envelope_signature, document_sha256, title, doc_number, kind, classification, urgency, sent_by, sent_at';

/** `?, ?, ?` for a list of values. */
const marks = (count: number): string => Array.from({ length: count }, () => '?').join(', ');

/** The audit entry of each recipient action. */
const actionNames: Record<RecipientAction, string> = {
  deliver: 'recipient.delivered',
  'sign-for': 'recipient.signed-for',
  return: 'recipient.returned',
  recall: 'recipient.recalled',
};

/** The database's part of a document kept as a file: its row holds the hash and size only. */
const emptyBlob = Buffer.alloc(0);

export class SqlHubStore implements HubStore {
  private readonly audit: AuditWriter;

  /**
   * @param blobFiles where a SQLite hub keeps documents (files named by hash); without it, and
   *   always on PostgreSQL (shared by hub processes that may not share a disk), in the database
   */
  constructor(
    private readonly driver: SqlDriver,
    private readonly blobFiles?: BlobFiles,
  ) {
    this.audit = driver.dialect === 'postgres' ? new SequencedAuditWriter(driver) : new InlineAuditWriter();
  }

  private appendAudit(tx: SqlExecutor, actor: Actor, entries: readonly PendingAudit[]): Promise<void> {
    return this.audit.record(tx, actor, entries);
  }

  /** A change in one transaction, answered once it and its audit entries are in the chain, durably. */
  private async write<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const result = await this.driver.transaction(work);
    await this.audit.settle();
    return result;
  }

  // ——— Directory ———

  async createAgency(agency: AgencyRecord, actor: Actor): Promise<boolean> {
    return this.write(async (tx) => {
      const inserted = await tx.run(
        'INSERT INTO agencies (code, name, level, parent_code, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING',
        [agency.code, agency.name, agency.level, agency.parentCode, agency.createdAt],
      );
      if (inserted.changes === 0) return false;
      const agencies = agency.parentCode ? [agency.code, agency.parentCode] : [agency.code];
      await this.appendAudit(tx, actor, [
        {
          action: 'agency.registered',
          agencies,
          data: { code: agency.code, name: agency.name, level: agency.level, parentCode: agency.parentCode },
        },
      ]);
      return true;
    });
  }

  async getAgency(code: string): Promise<AgencyRecord | undefined> {
    const row = await this.driver.get<Row>('SELECT * FROM agencies WHERE code = ?', [code]);
    return row ? agencyFrom(row) : undefined;
  }

  async listAgencies(): Promise<AgencyRecord[]> {
    return (await this.driver.all<Row>('SELECT * FROM agencies ORDER BY code')).map(agencyFrom);
  }

  async addSeal(seal: SealRecord, actor: Actor): Promise<boolean> {
    return this.write(async (tx) => {
      const inserted = await tx.run(
        'INSERT INTO seals (fingerprint, agency_code, certificate, subject, not_after, status, registered_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (fingerprint) DO NOTHING',
        [
          seal.fingerprint,
          seal.agencyCode,
          seal.certificateDer,
          seal.subject,
          seal.notAfter,
          seal.status,
          seal.registeredAt,
          seal.revokedAt,
        ],
      );
      if (inserted.changes === 0) return false;
      await this.appendAudit(tx, actor, [
        {
          action: 'seal.registered',
          agencies: [seal.agencyCode],
          data: { agency: seal.agencyCode, fingerprint: seal.fingerprint, subject: seal.subject },
        },
      ]);
      return true;
    });
  }

  async revokeSeal(fingerprint: string, actor: Actor): Promise<SealRecord | undefined> {
    return this.write(async (tx) => {
      const row = await tx.get<Row>(
        "UPDATE seals SET status = 'revoked', revoked_at = ? WHERE fingerprint = ? AND status = 'active' RETURNING *",
        [actor.at, fingerprint],
      );
      if (!row) return undefined;
      const seal = sealFrom(row);
      await this.appendAudit(tx, actor, [
        { action: 'seal.revoked', agencies: [seal.agencyCode], data: { agency: seal.agencyCode, fingerprint } },
      ]);
      return seal;
    });
  }

  async getSeal(fingerprint: string): Promise<SealRecord | undefined> {
    const row = await this.driver.get<Row>('SELECT * FROM seals WHERE fingerprint = ?', [fingerprint]);
    return row ? sealFrom(row) : undefined;
  }

  async sealsOf(agencyCode: string): Promise<SealRecord[]> {
    const rows = await this.driver.all<Row>('SELECT * FROM seals WHERE agency_code = ? ORDER BY registered_at', [
      agencyCode,
    ]);
    return rows.map(sealFrom);
  }

  // ——— Accounts ———

  async createUser(user: UserRecord, actor: Actor): Promise<boolean> {
    return this.write(async (tx) => {
      const inserted = await tx.run(
        'INSERT INTO users (id, username, password_hash, hub_admin, created_at, display_name, department) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING',
        [
          user.id,
          user.username,
          user.passwordHash,
          user.hubAdmin ? 1 : 0,
          user.createdAt,
          user.name ?? null,
          user.department ?? null,
        ],
      );
      if (inserted.changes === 0) return false;
      for (const membership of user.memberships) {
        await tx.run('INSERT INTO memberships (user_id, agency_code, role) VALUES (?, ?, ?)', [
          user.id,
          membership.agencyCode,
          membership.role,
        ]);
      }
      await this.appendAudit(tx, actor, [
        {
          action: 'user.created',
          agencies: user.memberships.map((m) => m.agencyCode),
          data: {
            id: user.id,
            username: user.username,
            hubAdmin: user.hubAdmin,
            memberships: user.memberships,
            ...(user.name === undefined ? {} : { name: user.name }),
            ...(user.department === undefined ? {} : { department: user.department }),
          },
        },
      ]);
      return true;
    });
  }

  private async withMemberships(rows: Row[]): Promise<UserRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => text(row['id']));
    const memberships = await this.driver.all<Row>(
      `SELECT user_id, agency_code, role FROM memberships WHERE user_id IN (${marks(ids.length)}) ORDER BY agency_code, role`,
      ids,
    );
    return rows.map((row) => ({
      id: text(row['id']),
      username: text(row['username']),
      passwordHash: text(row['password_hash']),
      hubAdmin: num(row['hub_admin']) === 1,
      createdAt: text(row['created_at']),
      ...(row['display_name'] == null ? {} : { name: text(row['display_name']) }),
      ...(row['department'] == null ? {} : { department: text(row['department']) }),
      memberships: memberships
        .filter((m) => m['user_id'] === row['id'])
        .map((m) => ({ agencyCode: text(m['agency_code']), role: text(m['role']) as AgencyRole })),
    }));
  }

  async userByName(username: string): Promise<UserRecord | undefined> {
    const row = await this.driver.get<Row>('SELECT * FROM users WHERE username = ?', [username]);
    return row ? (await this.withMemberships([row]))[0] : undefined;
  }

  async listUsers(agencyCode?: string): Promise<UserRecord[]> {
    const rows = agencyCode
      ? await this.driver.all<Row>(
          'SELECT * FROM users WHERE id IN (SELECT user_id FROM memberships WHERE agency_code = ?) ORDER BY username',
          [agencyCode],
        )
      : await this.driver.all<Row>('SELECT * FROM users ORDER BY username');
    return this.withMemberships(rows);
  }

  async countUsers(): Promise<number> {
    const row = await this.driver.get<Row>('SELECT COUNT(*) AS n FROM users');
    return num(row?.['n'] ?? 0);
  }

  async createChallenge(nonce: string, agencyCode: string, expiresAt: string): Promise<void> {
    await this.driver.run('INSERT INTO challenges (nonce, agency_code, expires_at, used) VALUES (?, ?, ?, 0)', [
      nonce,
      agencyCode,
      expiresAt,
    ]);
  }

  async consumeChallenge(nonce: string, agencyCode: string, now: string): Promise<boolean> {
    const result = await this.driver.run(
      'UPDATE challenges SET used = 1 WHERE nonce = ? AND agency_code = ? AND used = 0 AND expires_at > ?',
      [nonce, agencyCode, now],
    );
    // Spent and expired challenges are of no further use.
    await this.driver.run('DELETE FROM challenges WHERE expires_at <= ?', [now]);
    return result.changes === 1;
  }

  // ——— Exchange ———

  async storeMessage(input: NewMessage, actor: Actor): Promise<boolean> {
    const { message } = input;
    const messageValues = [
      message.id,
      message.senderCode,
      message.envelope,
      message.envelopeSha256,
      message.envelopeSignature,
      message.documentSha256,
      message.title,
      message.docNumber,
      message.kind,
      message.classification,
      message.urgency,
      message.sentBy,
      message.sentAt,
    ];
    const sent: PendingAudit = {
      action: 'message.sent',
      agencies: [message.senderCode, ...input.recipients],
      data: {
        messageId: message.id,
        sender: message.senderCode,
        recipients: input.recipients,
        envelopeSha256: message.envelopeSha256,
        documentSha256: message.documentSha256,
      },
    };
    // Content by hash, each once, in one order (concurrent sends of the same content cannot deadlock).
    const blobs = [...new Map(input.blobs.map((blob) => [blob.sha256, blob])).values()].sort((a, b) =>
      a.sha256 < b.sha256 ? -1 : 1,
    );
    if (this.driver.dialect === 'postgres') {
      return this.storeMessageInOneStatement(input, messageValues, blobs, pendingEntry(actor, sent));
    }
    const files = this.blobFiles;
    // The files are on disk before any row names them.
    if (files) await Promise.all(blobs.map((blob) => files.write(blob.sha256, blob.data)));
    return this.write(async (tx) => {
      for (const blob of blobs) {
        await tx.run(
          'INSERT INTO blobs (sha256, size, data, in_file) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING',
          [blob.sha256, blob.data.byteLength, files ? emptyBlob : blob.data, files ? 1 : 0],
        );
      }
      const inserted = await tx.run(
        `INSERT INTO messages (${messageInsertColumns}) VALUES (${marks(messageValues.length)}) ON CONFLICT (id) DO NOTHING`,
        messageValues,
      );
      if (inserted.changes === 0) return false;
      for (const attachment of input.attachments) {
        await tx.run(
          'INSERT INTO attachments (message_id, position, name, media_type, sha256) VALUES (?, ?, ?, ?, ?)',
          [message.id, attachment.position, attachment.name, attachment.mediaType, attachment.sha256],
        );
      }
      for (const recipient of input.recipients) {
        await tx.run(
          "INSERT INTO recipients (message_id, agency_code, state, updated_at) VALUES (?, ?, 'waiting', ?)",
          [message.id, recipient, message.sentAt],
        );
      }
      await this.appendAudit(tx, actor, [sent]);
      return true;
    });
  }

  /**
   * PostgreSQL: the whole send as one statement, so one round trip and its own transaction
   * (every part depends on the message row being new: a send stored before inserts nothing).
   */
  private async storeMessageInOneStatement(
    input: NewMessage,
    messageValues: SqlValue[],
    blobs: NewMessage['blobs'],
    auditEntry: string,
  ): Promise<boolean> {
    const { attachments, recipients, message } = input;
    const parts = [
      `blob AS (INSERT INTO blobs (sha256, size, data) VALUES ${blobs.map(() => '(?, ?::bigint, ?)').join(', ')} ON CONFLICT (sha256) DO NOTHING)`,
      `message AS (INSERT INTO messages (${messageInsertColumns}) VALUES (${marks(messageValues.length)}) ON CONFLICT (id) DO NOTHING RETURNING id)`,
      ...(attachments.length > 0
        ? [
            `attachment AS (INSERT INTO attachments (message_id, position, name, media_type, sha256) SELECT message.id, a.position, a.name, a.media_type, a.sha256 FROM message, (VALUES ${attachments.map(() => '(?::integer, ?::text, ?::text, ?::text)').join(', ')}) AS a(position, name, media_type, sha256))`,
          ]
        : []),
      `recipient AS (INSERT INTO recipients (message_id, agency_code, state, updated_at) SELECT message.id, r.agency, 'waiting', ?::text FROM message, (VALUES ${recipients.map(() => '(?::text)').join(', ')}) AS r(agency))`,
      'audit AS (INSERT INTO audit_pending (entry) SELECT ?::text FROM message)',
    ];
    const row = await this.driver.get<Row>(`WITH ${parts.join(',\n')} SELECT COUNT(*) AS stored FROM message`, [
      ...blobs.flatMap((blob) => [blob.sha256, blob.data.byteLength, blob.data]),
      ...messageValues,
      ...attachments.flatMap((a) => [a.position, a.name, a.mediaType, a.sha256]),
      message.sentAt,
      ...recipients,
      auditEntry,
    ]);
    await this.audit.settle();
    return num(row?.['stored']) === 1;
  }

  async getMessage(id: string): Promise<MessageRecord | undefined> {
    const row = await this.driver.get<Row>(`SELECT ${messageColumns} FROM messages m WHERE m.id = ?`, [id]);
    return row ? messageFrom(row) : undefined;
  }

  async attachmentsOf(messageId: string): Promise<AttachmentRecord[]> {
    const rows = await this.driver.all<Row>('SELECT * FROM attachments WHERE message_id = ? ORDER BY position', [
      messageId,
    ]);
    return rows.map((row) => ({
      position: num(row['position']),
      name: text(row['name']),
      mediaType: text(row['media_type']),
      sha256: text(row['sha256']),
    }));
  }

  async recipientsOf(messageId: string): Promise<RecipientRecord[]> {
    const rows = await this.driver.all<Row>('SELECT * FROM recipients WHERE message_id = ? ORDER BY agency_code', [
      messageId,
    ]);
    return rows.map((row) => recipientFrom(row));
  }

  async getBlob(sha256: string): Promise<Uint8Array | undefined> {
    if (this.driver.dialect === 'postgres') {
      const row = await this.driver.get<Row>('SELECT data FROM blobs WHERE sha256 = ?', [sha256]);
      return row ? bytes(row['data']) : undefined;
    }
    const row = await this.driver.get<Row>('SELECT data, in_file FROM blobs WHERE sha256 = ?', [sha256]);
    if (!row) return undefined;
    if (num(row['in_file']) === 0) return bytes(row['data']);
    // A missing file is answered as missing content (the hub's data folder lost it).
    return this.blobFiles?.read(sha256);
  }

  async inbox(
    agencyCode: string,
    options: { states: readonly RecipientState[]; limit: number; after?: { sentAt: string; id: string } },
  ): Promise<Array<{ message: MessageRecord; recipient: RecipientRecord }>> {
    const after = options.after ?? { sentAt: '', id: '' };
    const rows = await this.driver.all<Row>(
      `SELECT ${messageColumns}, ${recipientColumns} FROM recipients r JOIN messages m ON m.id = r.message_id
       WHERE r.agency_code = ? AND r.state IN (${marks(options.states.length)})
         AND (m.sent_at > ? OR (m.sent_at = ? AND m.id > ?))
       ORDER BY m.sent_at, m.id LIMIT ?`,
      [agencyCode, ...options.states, after.sentAt, after.sentAt, after.id, options.limit],
    );
    return rows.map((row) => ({ message: messageFrom(row), recipient: recipientFrom(row, 'r_') }));
  }

  async outbox(agencyCode: string, options: { limit: number; beforeSentAt?: string }): Promise<MessageRecord[]> {
    const rows = await this.driver.all<Row>(
      `SELECT ${messageColumns} FROM messages m WHERE m.sender_code = ? AND m.sent_at < ? ORDER BY m.sent_at DESC, m.id LIMIT ?`,
      [agencyCode, options.beforeSentAt ?? '9999', options.limit],
    );
    return rows.map(messageFrom);
  }

  async transition(
    messageId: string,
    agencyCode: string,
    action: RecipientAction,
    patch: { reason?: string; receipt?: string; receiptSignature?: Uint8Array },
    actor: Actor,
  ): Promise<TransitionResult> {
    const { from, to } = recipientTransitions[action];
    return this.write(async (tx) => {
      const row = await tx.get<Row>(
        `UPDATE recipients SET state = ?, updated_at = ?,
           delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END,
           reason = COALESCE(?, reason), receipt = COALESCE(?, receipt), receipt_signature = COALESCE(?, receipt_signature)
         WHERE message_id = ? AND agency_code = ? AND state IN (${marks(from.length)}) RETURNING *`,
        [
          to,
          actor.at,
          to,
          actor.at,
          patch.reason ?? null,
          patch.receipt ?? null,
          patch.receiptSignature ?? null,
          messageId,
          agencyCode,
          ...from,
        ],
      );
      if (!row) {
        const current = await tx.get<Row>('SELECT state FROM recipients WHERE message_id = ? AND agency_code = ?', [
          messageId,
          agencyCode,
        ]);
        return { ok: false, current: current ? (text(current['state']) as RecipientState) : undefined };
      }
      const recipient = recipientFrom(row);
      const sender = await tx.get<Row>('SELECT sender_code FROM messages WHERE id = ?', [messageId]);
      await this.appendAudit(tx, actor, [
        {
          action: actionNames[action],
          agencies: [text(sender?.['sender_code']), agencyCode],
          data: {
            messageId,
            recipient: agencyCode,
            state: to,
            ...(patch.reason === undefined ? {} : { reason: patch.reason }),
            ...(patch.receipt === undefined ? {} : { receipt: patch.receipt }),
          },
        },
      ]);
      return { ok: true, recipient };
    });
  }

  async claim(agencyCode: string, limit: number, actor: Actor): Promise<string[]> {
    return this.write(async (tx) => {
      // On PostgreSQL, rows another claimer holds are skipped rather than waited for, so
      // concurrent claimers share the waiting messages out instead of queueing for the same ones.
      const skipLocked = this.driver.dialect === 'postgres' ? ' FOR UPDATE OF r SKIP LOCKED' : '';
      const candidates = await tx.all<Row>(
        `SELECT r.message_id, m.sender_code FROM recipients r JOIN messages m ON m.id = r.message_id
         WHERE r.agency_code = ? AND r.state = 'waiting' ORDER BY m.sent_at, m.id LIMIT ?${skipLocked}`,
        [agencyCode, limit],
      );
      const claimed: Array<{ id: string; sender: string }> = [];
      for (const candidate of candidates) {
        const id = text(candidate['message_id']);
        // Another process may have delivered it since the SELECT: only a row still waiting counts.
        const result = await tx.run(
          "UPDATE recipients SET state = 'delivered', updated_at = ?, delivered_at = ? WHERE message_id = ? AND agency_code = ? AND state = 'waiting'",
          [actor.at, actor.at, id, agencyCode],
        );
        if (result.changes === 1) claimed.push({ id, sender: text(candidate['sender_code']) });
      }
      await this.appendAudit(
        tx,
        actor,
        claimed.map(({ id, sender }) => ({
          action: actionNames.deliver,
          agencies: [sender, agencyCode],
          data: { messageId: id, recipient: agencyCode, state: 'delivered' },
        })),
      );
      return claimed.map(({ id }) => id);
    });
  }

  // ——— Audit ———

  async auditRows(options: {
    afterSeq: number;
    untilSeq?: number;
    limit: number;
    visibleTo?: string;
  }): Promise<AuditRow[]> {
    const rows = await this.driver.all<Row>(
      'SELECT seq, entry, entry_hash, prev_hash, hash FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?',
      [options.afterSeq, options.untilSeq ?? Number.MAX_SAFE_INTEGER, options.limit],
    );
    let visible: Set<number> | undefined;
    if (options.visibleTo !== undefined && rows.length > 0) {
      const first = num(rows[0]!['seq']);
      const last = num(rows[rows.length - 1]!['seq']);
      const seen = await this.driver.all<Row>(
        'SELECT seq FROM audit_visibility WHERE agency_code = ? AND seq >= ? AND seq <= ?',
        [options.visibleTo, first, last],
      );
      visible = new Set(seen.map((row) => num(row['seq'])));
    }
    return rows.map((row) => {
      const seq = num(row['seq']);
      const base = {
        seq,
        entryHash: text(row['entry_hash']),
        prevHash: text(row['prev_hash']),
        hash: text(row['hash']),
      };
      return visible && !visible.has(seq) ? base : { ...base, entry: JSON.parse(text(row['entry'])) as AuditEntry };
    });
  }

  settleAudit(): Promise<void> {
    return this.audit.settle();
  }

  async auditHead(): Promise<{ seq: number; hash: string }> {
    // The log as of now: entries of changes already committed are chained first.
    await this.audit.settle();
    const row = await this.driver.get<Row>('SELECT seq, hash FROM audit_head WHERE id = 1');
    return { seq: num(row?.['seq'] ?? 0), hash: text(row?.['hash'] ?? '') };
  }

  async setting(key: string, initial: () => string): Promise<string> {
    await this.driver.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', [
      key,
      initial(),
    ]);
    const row = await this.driver.get<Row>('SELECT value FROM settings WHERE key = ?', [key]);
    return text(row?.['value']);
  }

  ping(): Promise<void> {
    return this.driver.ping();
  }

  async close(): Promise<void> {
    await this.audit.idle();
    await this.blobFiles?.close();
    await this.driver.close();
  }
}
