import { createHash } from 'node:crypto';
import type { Actor, DocumentKind, Envelope, Person } from '@oa/shared';
import type { WorkflowView } from '../../api-contract';
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
    const taken = takeInReceivedDocument(core, registrar, registrar, {
      kind: envelope.kind,
      title: envelope.title,
      docNumber: envelope.docNumber,
      sender: message.sender,
      recipientName: message.recipient.name,
      pdf,
      note: '正式文本见附件 PDF。',
      ...(envelope.urgency === undefined ? {} : { urgency: envelope.urgency }),
    });
    recordExchange(core.context, {
      id: envelope.messageId,
      direction: 'incoming',
      documentId: taken.documentId,
      counterpartCode: message.sender.code,
      counterpartName: message.sender.name,
      state: 'delivered',
      envelopeSha256: null,
      pdfSha256,
      reason: null,
    });
    return { documentId: taken.documentId, instanceId: taken.flow.id };
  })();
}

/** What a received 公文 is taken in as: its envelope facts and the sealed PDF. */
export interface ReceivedDocument {
  kind: DocumentKind;
  title: string;
  docNumber: string;
  sender: { code: string; name: string };
  recipientName: string;
  pdf: Uint8Array;
  /** The line after 来文《…》（…）， in the local body, e.g. where the official text is. */
  note: string;
  urgency?: Envelope['urgency'];
}

/**
 * The local document of a received 公文 (the body points to the sealed PDF, kept as its
 * attachment, since a received document is not edited) and its incoming flow. Call inside the
 * caller's transaction.
 */
export function takeInReceivedDocument(
  core: Pick<DesktopCore, 'context' | 'documents' | 'workflows'>,
  person: Person,
  actor: Actor,
  received: ReceivedDocument,
): { documentId: string; flow: WorkflowView } {
  const document = core.documents.createDraft(person, {
    kind: received.kind,
    title: received.title,
    docNumber: received.docNumber,
    issuers: [{ name: received.sender.name, code: received.sender.code }],
    mainRecipients: [received.recipientName],
    body: [{ type: 'paragraph', text: `来文《${received.title}》（${received.docNumber}），${received.note}` }],
    ...(received.urgency === undefined ? {} : { urgency: received.urgency }),
  });
  addAttachment(core.context, {
    documentId: document.id,
    name: `${received.docNumber}.pdf`,
    mediaType: 'application/pdf',
    bytes: received.pdf,
    actorId: person.id,
  });
  const flow = core.workflows.start(actor, { documentId: document.id, direction: 'incoming' });
  return { documentId: document.id, flow };
}
