import { createHash } from 'node:crypto';
import type { Actor, Envelope } from '@oa/shared';
import type { DesktopCore } from '../core';
import { desktopError } from '../errors';
import { addAttachment } from '../store/attachments';
import { listExchange, recordExchange } from '../store/exchange';

/** A document another agency sent, as the hub delivered it (envelope and sealed PDF). */
export interface DeliveredMessage {
  envelope: Envelope;
  pdf: Uint8Array;
  sender: { code: string; name: string };
  /** The receiving agency (this laptop's). */
  recipient: { code: string; name: string };
}

/**
 * 收文: takes a delivered document into the local store and starts its incoming flow (签收 →
 * 登记 → … → 办结), in one transaction: the document (its metadata from the envelope; the body is
 * the sealed PDF, kept as an attachment, since a received 公文 is not edited), the exchange
 * record, and the flow — each with its outbox op, so the agency's other laptops get them on
 * their next sync. A message already taken in is refused (`EXCHANGE_ALREADY_RECEIVED`).
 */
export function receiveIncoming(
  core: Pick<DesktopCore, 'context' | 'documents' | 'workflows'>,
  registrar: Actor,
  message: DeliveredMessage,
): { documentId: string; instanceId: string } {
  const { envelope, pdf } = message;
  const pdfSha256 = createHash('sha256').update(pdf).digest('hex');
  if (pdfSha256 !== envelope.document.sha256) throw desktopError('EXCHANGE_CONTENT_MISMATCH');
  if (listExchange(core.context, { direction: 'incoming' }).some((row) => row.id === envelope.messageId)) {
    throw desktopError('EXCHANGE_ALREADY_RECEIVED', { messageId: envelope.messageId });
  }
  return core.context.db.transaction(() => {
    const document = core.documents.createDraft(registrar, {
      kind: envelope.kind,
      title: envelope.title,
      docNumber: envelope.docNumber,
      issuers: [{ name: message.sender.name, code: message.sender.code }],
      mainRecipients: [message.recipient.name],
      body: [{ type: 'paragraph', text: `来文《${envelope.title}》（${envelope.docNumber}），正式文本见附件 PDF。` }],
      ...(envelope.urgency === undefined ? {} : { urgency: envelope.urgency }),
    });
    addAttachment(core.context, {
      documentId: document.id,
      name: `${envelope.docNumber}.pdf`,
      mediaType: 'application/pdf',
      bytes: pdf,
      actorId: registrar.id,
    });
    recordExchange(core.context, {
      id: envelope.messageId,
      direction: 'incoming',
      documentId: document.id,
      counterpartCode: message.sender.code,
      counterpartName: message.sender.name,
      state: 'delivered',
      envelopeSha256: null,
      pdfSha256,
      reason: null,
    });
    const flow = core.workflows.start(registrar, { documentId: document.id, direction: 'incoming' });
    return { documentId: document.id, instanceId: flow.id };
  })();
}
