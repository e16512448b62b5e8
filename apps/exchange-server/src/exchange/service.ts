import {
  canonicalJson,
  envelopeSchema,
  receiptSchema,
  recipientStateNames,
  type Envelope,
  type RecipientState,
} from '@oa/shared';
import { sha256Hex } from '../audit/chain';
import { actorId, agencyWith } from '../auth/access';
import type { Principal } from '../auth/tokens';
import type { HubConfig } from '../config';
import { hubError, notFound } from '../errors';
import { sealRefusal } from '../seal/seal-policy';
import type { SealVerifier } from '../seal/verifier';
import type { Actor, AttachmentRecord, HubStore, MessageRecord, RecipientRecord } from '../storage/store';
import { checkClassification, checkContent, checkSeals } from './arrival';
import type { NoticeHub } from './notices';

export interface SendInput {
  /** The envelope's JSON text exactly as signed (canonical JSON of an `Envelope`). */
  envelope: string;
  /** Detached CMS signature over the envelope's UTF-8 bytes. */
  signature: Uint8Array;
  document: Uint8Array;
  attachments: Uint8Array[];
}

export interface RecipientView {
  agency: string;
  state: RecipientState;
  updatedAt: string;
  deliveredAt: string | null;
  reason: string | null;
  hasReceipt: boolean;
}

export interface MessageView {
  messageId: string;
  sender: string;
  title: string;
  docNumber: string;
  kind: string;
  classification: string | null;
  urgency: string | null;
  sentAt: string;
  documentSha256: string;
  envelopeSha256: string;
  attachments: Array<{ index: number; name: string; mediaType: string; sha256: string }>;
  recipients: RecipientView[];
}

/** A receipt may be signed at most this far from the hub's clock (clock skew between systems). */
export const receiptClockSkewMs = 10 * 60 * 1000;
const messageText = { zh: '该公文', en: 'The message' };

function recipientView(r: RecipientRecord): RecipientView {
  return {
    agency: r.agencyCode,
    state: r.state,
    updatedAt: r.updatedAt,
    deliveredAt: r.deliveredAt,
    reason: r.reason,
    hasReceipt: r.receipt !== null,
  };
}

/** What a caller sees of a message: every recipient, or only `onlyRecipient`. */
function messageView(
  message: MessageRecord,
  attachments: readonly AttachmentRecord[],
  recipients: readonly RecipientRecord[],
  onlyRecipient: string | undefined,
): MessageView {
  return {
    messageId: message.id,
    sender: message.senderCode,
    title: message.title,
    docNumber: message.docNumber,
    kind: message.kind,
    classification: message.classification,
    urgency: message.urgency,
    sentAt: message.sentAt,
    documentSha256: message.documentSha256,
    envelopeSha256: message.envelopeSha256,
    attachments: attachments.map((a) => ({
      index: a.position,
      name: a.name,
      mediaType: a.mediaType,
      sha256: a.sha256,
    })),
    recipients: recipients
      .filter((r) => onlyRecipient === undefined || r.agencyCode === onlyRecipient)
      .map(recipientView),
  };
}

/** A recipient of a message just stored: waiting since it was sent. */
function waitingRecipient(message: MessageRecord, agency: string): RecipientRecord {
  return {
    messageId: message.id,
    agencyCode: agency,
    state: 'waiting',
    updatedAt: message.sentAt,
    deliveredAt: null,
    reason: null,
    receipt: null,
    receiptSignature: null,
  };
}

/** An inbox page cursor: `<sentAt>|<messageId>` of the last message seen, or just a time. */
export function inboxCursor(message: Pick<MessageView, 'sentAt' | 'messageId'>): string {
  return `${message.sentAt}|${message.messageId}`;
}

function parseCursor(cursor: string): { sentAt: string; id: string } {
  const bar = cursor.indexOf('|');
  return bar < 0 ? { sentAt: cursor, id: '\uffff' } : { sentAt: cursor.slice(0, bar), id: cursor.slice(bar + 1) };
}

/** Equal envelopes apart from when they were composed. */
function sameSend(stored: MessageRecord, envelope: Envelope): boolean {
  const { createdAt: _a, ...before } = envelopeSchema.parse(JSON.parse(stored.envelope));
  const { createdAt: _b, ...now } = envelope;
  return canonicalJson(before) === canonicalJson(now);
}

function badEnvelope(issues: string[]) {
  return hubError(
    'BAD_REQUEST',
    { zh: `信封格式有误：${issues.join('；')}`, en: `The envelope is malformed: ${issues.join('; ')}` },
    { issues },
  );
}

/** Store-and-forward exchange with per-recipient states (公文交换). */
export class ExchangeService {
  constructor(
    private readonly store: HubStore,
    private readonly verifier: SealVerifier,
    private readonly config: Pick<HubConfig, 'maxClassification'>,
    private readonly notices: NoticeHub,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Registered agencies seen so far (agencies are never removed, so a yes stays a yes). */
  private readonly knownAgencies = new Set<string>();

  private async isAgency(code: string): Promise<boolean> {
    if (this.knownAgencies.has(code)) return true;
    if (!(await this.store.getAgency(code))) return false;
    this.knownAgencies.add(code);
    return true;
  }

  private actor(principal: Principal): Actor {
    return { id: actorId(principal), at: this.clock().toISOString() };
  }

  private parseEnvelope(text: string): Envelope {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw badEnvelope([`not JSON (${(error as Error).message})`]);
    }
    const parsed = envelopeSchema.safeParse(json);
    if (!parsed.success) throw badEnvelope(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    return parsed.data;
  }

  /**
   * A retried send: the same id from the same sender naming the same content is the same
   * message, even if the retry composed its envelope anew (a later `createdAt`).
   */
  private async existing(envelope: Envelope, envelopeSha256: string): Promise<MessageView | undefined> {
    const message = await this.store.getMessage(envelope.messageId);
    if (!message) return undefined;
    if (
      message.senderCode !== envelope.sender ||
      (message.envelopeSha256 !== envelopeSha256 && !sameSend(message, envelope))
    ) {
      throw hubError(
        'MESSAGE_ID_CONFLICT',
        {
          zh: `公文标识 ${envelope.messageId} 已用于另一份公文，请为新公文选用新的标识。`,
          en: `Message id ${envelope.messageId} is already used by a different message; choose a new id.`,
        },
        { messageId: envelope.messageId },
      );
    }
    // The first attempt may have died between storing the message and chaining its audit entry.
    await this.store.settleAudit();
    return this.view(message, undefined);
  }

  async send(principal: Principal, input: SendInput): Promise<{ duplicate: boolean; message: MessageView }> {
    const agency = agencyWith(principal, 'send');
    const envelope = this.parseEnvelope(input.envelope);
    if (envelope.sender !== agency) {
      throw hubError(
        'SENDER_MISMATCH',
        {
          zh: `信封中的发文机关 ${envelope.sender} 与登录单位 ${agency} 不一致。`,
          en: `The envelope's sender ${envelope.sender} is not the agency you are logged in for (${agency}).`,
        },
        { sender: envelope.sender, agency },
      );
    }
    const envelopeSha256 = sha256Hex(input.envelope);
    const earlier = await this.existing(envelope, envelopeSha256);
    if (earlier) return { duplicate: true, message: earlier };

    checkClassification(envelope, this.config.maxClassification);
    const recipients = [...new Set(envelope.recipients)];
    const unknown: string[] = [];
    for (const code of recipients) if (!(await this.isAgency(code))) unknown.push(code);
    if (unknown.length > 0) {
      throw hubError(
        'UNKNOWN_RECIPIENT',
        {
          zh: `收文单位未在交换中心登记：${unknown.join('、')}。`,
          en: `Recipients not registered at the hub: ${unknown.join(', ')}.`,
        },
        { recipients: unknown },
      );
    }
    checkContent(envelope, input.document, input.attachments);
    await checkSeals(
      this.verifier,
      {
        envelopeBytes: new TextEncoder().encode(input.envelope),
        signature: input.signature,
        document: input.document,
        sender: agency,
      },
      await this.store.sealsOf(agency),
    );

    const actor = this.actor(principal);
    const message: MessageRecord = {
      id: envelope.messageId,
      senderCode: agency,
      envelope: input.envelope,
      envelopeSha256,
      envelopeSignature: input.signature,
      documentSha256: envelope.document.sha256,
      title: envelope.title,
      docNumber: envelope.docNumber,
      kind: envelope.kind,
      classification: envelope.classification ?? null,
      urgency: envelope.urgency ?? null,
      sentBy: actor.id,
      sentAt: actor.at,
    };
    const attachments = envelope.attachments.map((a, position) => ({
      position,
      name: a.name,
      mediaType: a.mediaType,
      sha256: a.sha256,
    }));
    const stored = await this.store.storeMessage(
      {
        message,
        recipients,
        attachments,
        blobs: [
          { sha256: envelope.document.sha256, data: input.document },
          ...envelope.attachments.map((a, i) => ({ sha256: a.sha256, data: input.attachments[i]! })),
        ],
      },
      actor,
    );
    if (!stored) {
      // The same send arrived twice at once (perhaps at two hub processes): one of them stored it.
      const raced = await this.existing(envelope, envelopeSha256);
      if (raced) return { duplicate: true, message: raced };
    }
    await this.notices.publish(
      ...recipients.map((recipient) => ({ agency: recipient, type: 'arrival' as const, messageId: message.id })),
    );
    // The message as just stored (every recipient waiting), without reading it back.
    return {
      duplicate: false,
      message: messageView(
        message,
        attachments,
        [...recipients].sort().map((agency) => waitingRecipient(message, agency)),
        undefined,
      ),
    };
  }

  private async view(message: MessageRecord, onlyRecipient: string | undefined): Promise<MessageView> {
    const recipients = await this.store.recipientsOf(message.id);
    const attachments = await this.store.attachmentsOf(message.id);
    return messageView(message, attachments, recipients, onlyRecipient);
  }

  /**
   * The message as the caller's agency may see it: its sender sees every recipient, a recipient
   * only itself; anyone else gets NOT_FOUND (not even its existence is revealed).
   */
  private async visible(
    principal: Principal,
    messageId: string,
    permission: 'view' | 'receive' | 'send',
  ): Promise<{ message: MessageRecord; agency: string; role: 'sender' | 'recipient' }> {
    const agency = agencyWith(principal, permission);
    const message = await this.store.getMessage(messageId);
    if (message) {
      if (message.senderCode === agency && permission !== 'receive') return { message, agency, role: 'sender' };
      const recipients = await this.store.recipientsOf(messageId);
      if (recipients.some((r) => r.agencyCode === agency) && permission !== 'send') {
        return { message, agency, role: 'recipient' };
      }
    }
    throw notFound(messageText);
  }

  async status(principal: Principal, messageId: string): Promise<MessageView> {
    const { message, agency, role } = await this.visible(principal, messageId, 'view');
    return this.view(message, role === 'sender' ? undefined : agency);
  }

  async envelope(principal: Principal, messageId: string): Promise<{ envelope: string; signature: Uint8Array }> {
    const { message } = await this.visible(principal, messageId, 'view');
    return { envelope: message.envelope, signature: message.envelopeSignature };
  }

  async inbox(
    principal: Principal,
    options: { states: readonly RecipientState[]; limit: number; after?: string },
  ): Promise<MessageView[]> {
    const agency = agencyWith(principal, 'view');
    const rows = await this.store.inbox(agency, {
      states: options.states,
      limit: options.limit,
      ...(options.after === undefined ? {} : { after: parseCursor(options.after) }),
    });
    return Promise.all(rows.map((row) => this.view(row.message, agency)));
  }

  async outbox(principal: Principal, options: { limit: number; before?: string }): Promise<MessageView[]> {
    const agency = agencyWith(principal, 'view');
    const rows = await this.store.outbox(agency, {
      limit: options.limit,
      ...(options.before === undefined ? {} : { beforeSentAt: options.before }),
    });
    return Promise.all(rows.map((message) => this.view(message, undefined)));
  }

  /** Delivers waiting messages to the caller's agency system: each one to exactly one caller. */
  async claim(principal: Principal, limit: number): Promise<MessageView[]> {
    const agency = agencyWith(principal, 'receive');
    const ids = await this.store.claim(agency, limit, this.actor(principal));
    const views: MessageView[] = [];
    for (const id of ids) {
      const message = await this.store.getMessage(id);
      if (message) {
        views.push(await this.view(message, agency));
        await this.notices.publish({
          agency: message.senderCode,
          type: 'state',
          messageId: id,
          recipient: agency,
          state: 'delivered',
        });
      }
    }
    return views;
  }

  /** The sealed PDF. When a recipient fetches it, its state becomes 已送达 (delivered). */
  async document(principal: Principal, messageId: string): Promise<Uint8Array> {
    const { message, agency, role } = await this.visible(principal, messageId, 'view');
    if (role === 'recipient') await this.deliver(principal, message, agency);
    return this.blob(message.documentSha256);
  }

  async attachment(
    principal: Principal,
    messageId: string,
    index: number,
  ): Promise<{ data: Uint8Array; name: string; mediaType: string }> {
    const { message } = await this.visible(principal, messageId, 'view');
    const attachment = (await this.store.attachmentsOf(message.id)).find((a) => a.position === index);
    if (!attachment) throw notFound({ zh: `附件 ${index}`, en: `Attachment ${index}` });
    return { data: await this.blob(attachment.sha256), name: attachment.name, mediaType: attachment.mediaType };
  }

  private async blob(sha256: string): Promise<Uint8Array> {
    const data = await this.store.getBlob(sha256);
    if (!data) throw hubError('INTERNAL', { zh: '公文内容缺失。', en: 'The stored content is missing.' });
    return data;
  }

  private async deliver(principal: Principal, message: MessageRecord, agency: string): Promise<void> {
    if (!principal.roles.some((r) => r === 'operator' || r === 'system')) return; // a viewer's look is no delivery
    const result = await this.store.transition(message.id, agency, 'deliver', {}, this.actor(principal));
    if (result.ok) {
      await this.notices.publish({
        agency: message.senderCode,
        type: 'state',
        messageId: message.id,
        recipient: agency,
        state: 'delivered',
      });
    }
  }

  private async move(
    principal: Principal,
    message: MessageRecord,
    agency: string,
    action: 'sign-for' | 'return' | 'recall',
    patch: { reason?: string; receipt?: string; receiptSignature?: Uint8Array },
  ): Promise<RecipientView> {
    const result = await this.store.transition(message.id, agency, action, patch, this.actor(principal));
    if (!result.ok) {
      throw hubError(
        'STATE_CONFLICT',
        {
          zh: `收文单位 ${agency} 的当前状态（${result.current ?? '无'}）不允许此操作。`,
          en: `Recipient ${agency} is ${result.current ?? 'absent'}, which does not allow ${action}.`,
        },
        { recipient: agency, state: result.current, action },
      );
    }
    const notify = action === 'recall' ? agency : message.senderCode;
    await this.notices.publish({
      agency: notify,
      type: 'state',
      messageId: message.id,
      recipient: agency,
      state: result.recipient.state,
    });
    return recipientView(result.recipient);
  }

  /** 签收: the recipient's signed receipt over the document hash and the time. */
  async signFor(
    principal: Principal,
    messageId: string,
    input: { receipt: string; signature: Uint8Array },
  ): Promise<RecipientView> {
    const { message, agency } = await this.visible(principal, messageId, 'receive');
    let json: unknown;
    try {
      json = JSON.parse(input.receipt);
    } catch {
      json = undefined;
    }
    const parsed = receiptSchema.safeParse(json);
    const refuse = (zh: string, en: string) =>
      hubError('RECEIPT_INVALID', { zh: `签收回执无效：${zh}`, en: `Invalid receipt: ${en}` });
    if (!parsed.success) throw refuse('格式不符。', 'it is malformed.');
    const receipt = parsed.data;
    if (receipt.messageId !== message.id || receipt.recipient !== agency) {
      throw refuse('回执所指公文或收文单位不符。', 'it names another message or recipient.');
    }
    if (receipt.documentSha256 !== message.documentSha256) {
      throw refuse('回执中的公文摘要与交换中心保存的公文不符。', 'its document hash differs from the stored document.');
    }
    const skew = Math.abs(Date.parse(receipt.signedAt) - this.clock().getTime());
    if (skew > receiptClockSkewMs) {
      throw refuse('签收时间与交换中心时间相差过大，请校准系统时钟。', "its time is too far from the hub's clock.");
    }
    const check = await this.verifier.verifyDetached(new TextEncoder().encode(input.receipt), input.signature);
    if (!check.ok) throw refuse(`签名无效（${check.problem}）。`, `the signature is not valid (${check.problem}).`);
    const refusal = sealRefusal(check.signer, agency, await this.store.sealsOf(agency), {
      zh: '签收回执',
      en: 'receipt',
    });
    if (refusal) throw refusal;
    return this.move(principal, message, agency, 'sign-for', {
      receipt: input.receipt,
      receiptSignature: input.signature,
    });
  }

  /** 退回: the recipient returns the document with a reason. */
  async returnMessage(principal: Principal, messageId: string, reason: string): Promise<RecipientView> {
    const { message, agency } = await this.visible(principal, messageId, 'receive');
    return this.move(principal, message, agency, 'return', { reason });
  }

  /** 撤回: the sender recalls the message from recipients that have not fetched it yet. */
  async recall(
    principal: Principal,
    messageId: string,
    input: { recipients?: string[]; reason?: string },
  ): Promise<RecipientView[]> {
    const { message } = await this.visible(principal, messageId, 'send');
    const all = await this.store.recipientsOf(message.id);
    const targets = input.recipients ?? all.filter((r) => r.state === 'waiting').map((r) => r.agencyCode);
    if (targets.length === 0) {
      throw hubError('STATE_CONFLICT', {
        zh: '所有收文单位均已取走该公文，无法撤回。',
        en: 'Every recipient has already fetched the message; it can no longer be recalled.',
      });
    }
    // Check every target first, so a recall either applies to all of them or to none.
    for (const agency of targets) {
      const recipient = all.find((r) => r.agencyCode === agency);
      if (!recipient) throw notFound({ zh: `收文单位 ${agency}`, en: `Recipient ${agency}` });
      if (recipient.state !== 'waiting') {
        throw hubError(
          'STATE_CONFLICT',
          {
            zh: `收文单位 ${agency} 的状态为${recipientStateNames[recipient.state].zh}，不能撤回。`,
            en: `Recipient ${agency} is already ${recipientStateNames[recipient.state].en}; it cannot be recalled.`,
          },
          { recipient: agency, state: recipient.state },
        );
      }
    }
    const results: RecipientView[] = [];
    for (const agency of targets) {
      results.push(
        await this.move(
          principal,
          message,
          agency,
          'recall',
          input.reason === undefined ? {} : { reason: input.reason },
        ),
      );
    }
    return results;
  }

  /** Signed receipts, for the sender (all) or a recipient (its own), to verify independently. */
  async receipts(
    principal: Principal,
    messageId: string,
  ): Promise<Array<{ agency: string; receipt: string; signature: Uint8Array }>> {
    const { message, agency, role } = await this.visible(principal, messageId, 'view');
    return (await this.store.recipientsOf(message.id))
      .filter((r) => r.receipt !== null && r.receiptSignature !== null)
      .filter((r) => role === 'sender' || r.agencyCode === agency)
      .map((r) => ({ agency: r.agencyCode, receipt: r.receipt!, signature: r.receiptSignature! }));
  }
}
