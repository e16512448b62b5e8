import { composeSend, type HubClient, type MessageView } from '@oa/exchange-server';
import { chinaDateOf, isOaError, receiptSchema, recipientStateNames, type Actor, type SealPosition } from '@oa/shared';
import { sealPdf, verifyBytes } from '@oa/signature';
import type { DirectoryEntry, ParsedInput, ReceiptView, SealPreviewView, SentMessageView } from '../../api-contract';
import { isoNow, type CoreContext } from '../context';
import { desktopError } from '../errors';
import type { Previewer } from '../preview/previewer';
import { putBlob, readBlob } from '../store/blobs';
import { finalDocumentOf } from '../workflow/final-document';
import type { WorkflowService } from '../workflow/service';
import type { ExchangeSession } from './hub-session';
import { loadSealRecord, loadTrustRoot, requireLink } from './link';
import {
  findMessage,
  insertMessage,
  listMessages,
  readDirectory,
  recipientsOf,
  saveDirectory,
  sentView,
  updateMessage,
  updateRecipient,
} from './message-store';
import { allocateDocNumber } from './numbering';

interface SealedRow {
  documentId: string;
  instanceId: string;
  docNumber: string;
  pdfSha256: string;
}

/**
 * 登记 → 用印 → 核发 on the registrar's computer: the next 发文字号 of the agency's sequence,
 * the agency seal stamped where the typesetter reserved it (visible seal + PAdES signature by
 * @oa/signature), and the send through the hub with an envelope signed by the same seal key.
 * A send the hub could not take yet stays here, signed, as `queued` until resent.
 */
export class DispatchService {
  constructor(
    private readonly context: CoreContext,
    private readonly session: ExchangeSession,
    private readonly previewer: Previewer,
    private readonly workflows: WorkflowService,
  ) {}

  allocate(year?: number) {
    const link = requireLink(this.context);
    return allocateDocNumber(this.context, link.docNumberPrefix, year ?? chinaDateOf(isoNow(this.context)).year);
  }

  /** The directory from the hub when connected (kept for offline use), else the last copy. */
  async directory(query: string): Promise<DirectoryEntry[]> {
    if (this.session.status().connected) {
      try {
        saveDirectory(this.context, await this.session.call((client) => client.agencies()));
      } catch (error) {
        if (!isOaError(error) || error.code !== 'HUB_UNREACHABLE') throw error;
      }
    }
    const own = requireLink(this.context).agencyCode;
    const q = query.trim().toLowerCase();
    return readDirectory(this.context).filter(
      (e) => e.code !== own && (q === '' || e.name.toLowerCase().includes(q) || e.code.toLowerCase().startsWith(q)),
    );
  }

  async preview(actor: Actor, instanceId: string): Promise<SealPreviewView> {
    const flow = this.workflows.view(actor, instanceId);
    const sealed = this.sealedOf(flow.documentId);
    const { pdf, pageCount, position, docNumber } = await this.typesetFinal(actor, instanceId);
    return {
      instanceId,
      docNumber,
      pdfBase64: sealed ? readBlob(this.context, sealed.pdfSha256).toString('base64') : pdf.toString('base64'),
      pageCount,
      position,
      sealed: sealed !== undefined,
    };
  }

  /** 用印: seals the final document and completes the 用印 step, in one transaction. */
  async seal(actor: Actor, input: ParsedInput<'sealDocument'>): Promise<SealPreviewView> {
    const flow = this.atStep(actor, input.instanceId, 'seal');
    const link = requireLink(this.context);
    const record = loadSealRecord(link);
    const { pdf, pageCount, position, docNumber } = await this.typesetFinal(actor, input.instanceId);
    const keyStore = await this.session.openKeyStore(input.pin);
    const sealed = await sealPdf(pdf, { keyStore, record, placement: { kind: 'seal-position', position } });
    this.context.db.transaction(() => {
      const blob = putBlob(this.context, sealed);
      this.context.db
        .prepare(
          `INSERT INTO sealed_documents (document_id, instance_id, doc_number, pdf_sha256, sealed_by, sealed_at)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(document_id) DO UPDATE SET instance_id = excluded.instance_id, doc_number = excluded.doc_number,
             pdf_sha256 = excluded.pdf_sha256, sealed_by = excluded.sealed_by, sealed_at = excluded.sealed_at`,
        )
        .run(flow.documentId, flow.id, docNumber, blob.sha256, actor.id, isoNow(this.context));
      this.workflows.act(actor, {
        instanceId: flow.id,
        expectedVersion: flow.version,
        action: { type: 'complete', stepId: 'seal', opinion: `已加盖“${record.name}”电子印章。` },
      });
    })();
    return { instanceId: flow.id, docNumber, pdfBase64: sealed.toString('base64'), pageCount, position, sealed: true };
  }

  /** 核发: signs the envelope, records the send (queued) and completes 核发; then hands it to the hub. */
  async dispatch(actor: Actor, input: ParsedInput<'dispatchDocument'>): Promise<SentMessageView> {
    const flow = this.atStep(actor, input.instanceId, 'dispatch');
    const sealed = this.sealedOf(flow.documentId);
    if (sealed === undefined) throw desktopError('DISPATCH_NOT_SEALED', { title: flow.title });
    const link = requireLink(this.context);
    const known = new Map(readDirectory(this.context).map((e) => [e.code, e.name]));
    const recipients = [...new Set(input.recipients)].map((code) => {
      const name = known.get(code);
      if (name === undefined) throw desktopError('DISPATCH_UNKNOWN_RECIPIENT', { code });
      return { agencyCode: code, agencyName: name, state: 'queued' as const };
    });
    const document = finalDocumentOf(this.context, flow);
    const pdf = readBlob(this.context, sealed.pdfSha256);
    const keyStore = await this.session.openKeyStore(input.pin);
    const { envelope, request } = await composeSend(
      keyStore,
      {
        messageId: this.context.newId(),
        sender: link.agencyCode,
        recipients: recipients.map((r) => r.agencyCode),
        title: document.title,
        docNumber: sealed.docNumber,
        kind: document.kind,
        ...(document.classification ? { classification: document.classification.level } : {}),
        ...(document.urgency ? { urgency: document.urgency } : {}),
        createdAt: isoNow(this.context),
      },
      pdf,
    );
    this.context.db.transaction(() => {
      insertMessage(
        this.context,
        {
          messageId: envelope.messageId,
          direction: 'outgoing',
          documentId: flow.documentId,
          instanceId: flow.id,
          senderCode: link.agencyCode,
          senderName: link.agencyName,
          title: envelope.title,
          docNumber: envelope.docNumber,
          kind: envelope.kind,
          pdfSha256: sealed.pdfSha256,
          request: JSON.stringify(request),
          verification: null,
          sentAt: null,
        },
        recipients,
      );
      this.workflows.act(actor, {
        instanceId: flow.id,
        expectedVersion: flow.version,
        action: {
          type: 'complete',
          stepId: 'dispatch',
          opinion: `经交换中心发送至：${recipients.map((r) => r.agencyName).join('、')}。`,
        },
      });
    })();
    // The hub session is (re)opened with the key already unlocked for the envelope.
    try {
      await this.session.connectWith(keyStore);
    } catch (error) {
      if (!isOaError(error) || error.code !== 'HUB_UNREACHABLE') throw error;
    }
    await this.trySend(envelope.messageId);
    return sentView(this.context, findMessage(this.context, envelope.messageId)!);
  }

  /** Sends every queued message again (the hub answers a repeated message id as a duplicate). */
  async resendQueued(): Promise<SentMessageView[]> {
    const queued = listMessages(this.context, 'outgoing').filter((m) => m.request !== null);
    for (const message of queued) await this.trySend(message.messageId);
    return queued.map((m) => sentView(this.context, findMessage(this.context, m.messageId)!));
  }

  /** The outbox with the hub's states and the verified receipts (when connected and reachable). */
  async listSent(refresh: boolean): Promise<SentMessageView[]> {
    if (refresh && this.session.status().connected) {
      await this.resendQueued();
      const trust = { trustedRoots: loadTrustRoot(requireLink(this.context)) };
      for (const message of listMessages(this.context, 'outgoing')) {
        if (message.request !== null) continue;
        const open = recipientsOf(this.context, message.messageId).some(
          (r) => r.state === 'waiting' || r.state === 'delivered' || (r.state === 'signed-for' && r.receipt === null),
        );
        if (!open) continue;
        try {
          await this.session.call(async (client) => {
            const status = await client.status(message.messageId);
            const receipts = status.recipients.some((r) => r.hasReceipt)
              ? await client.receipts(message.messageId)
              : [];
            this.adoptStatus(message.messageId, status, receipts, message.pdfSha256, trust);
          });
        } catch (error) {
          if (isOaError(error) && error.code === 'HUB_UNREACHABLE') break;
          throw error;
        }
      }
    }
    return listMessages(this.context, 'outgoing').map((row) => sentView(this.context, row));
  }

  /**
   * 撤回 from recipients that have not fetched the document yet. The hub recalls from all of
   * them or from none; when it refuses (one already fetched it), the message's states are
   * refreshed so the outbox shows why, and DISPATCH_RECALL_REFUSED names the recipient.
   */
  async recall(messageId: string, agencies: string[], reason?: string): Promise<SentMessageView> {
    const message = findMessage(this.context, messageId);
    if (message === undefined || message.direction !== 'outgoing') {
      throw desktopError('DISPATCH_UNKNOWN_MESSAGE', { id: messageId });
    }
    if (message.request !== null) throw desktopError('DISPATCH_NOT_SENT');
    try {
      const moved = await this.session.call((client) =>
        client.recall(messageId, { recipients: agencies, ...(reason ? { reason } : {}) }),
      );
      this.context.db.transaction(() => {
        for (const r of moved) updateRecipient(this.context, messageId, r.agency, { state: r.state, reason: r.reason });
      })();
    } catch (error) {
      if (!isOaError(error) || error.code !== 'STATE_CONFLICT') throw error;
      const status = await this.session.call((client) => client.status(messageId));
      this.adoptStatus(messageId, status, [], message.pdfSha256, undefined);
      const fetched = status.recipients.find((r) => agencies.includes(r.agency) && r.state !== 'waiting');
      const names = recipientsOf(this.context, messageId);
      throw desktopError('DISPATCH_RECALL_REFUSED', {
        agency:
          names.find((r) => r.agencyCode === fetched?.agency)?.agencyName ?? fetched?.agency ?? agencies.join('、'),
        state: fetched === undefined ? '—' : recipientStateNames[fetched.state].zh,
      });
    }
    return sentView(this.context, findMessage(this.context, messageId)!);
  }

  private async trySend(messageId: string): Promise<void> {
    const message = findMessage(this.context, messageId);
    if (message?.request == null) return;
    let client: HubClient;
    try {
      client = this.session.client();
    } catch {
      return; // not connected: stays queued until the registrar connects again
    }
    try {
      const result = await client.send(JSON.parse(message.request));
      this.context.db.transaction(() => {
        updateMessage(this.context, messageId, { request: null, sentAt: result.message.sentAt });
        this.adoptStatus(messageId, result.message, [], message.pdfSha256, undefined);
      })();
    } catch (error) {
      if (isOaError(error) && error.code === 'HUB_UNREACHABLE') return;
      throw error;
    }
  }

  private adoptStatus(
    messageId: string,
    status: MessageView,
    receipts: { agency: string; receipt: string; signature: string }[],
    pdfSha256: string | null,
    trust: { trustedRoots: ReturnType<typeof loadTrustRoot> } | undefined,
  ): void {
    for (const r of status.recipients) {
      const signed = receipts.find((x) => x.agency === r.agency);
      updateRecipient(this.context, messageId, r.agency, {
        state: r.state,
        reason: r.reason,
        receipt: signed && trust ? checkReceipt(signed, messageId, pdfSha256, trust) : null,
      });
    }
  }

  private typesetFinal = async (actor: Actor, instanceId: string) => {
    const flow = this.workflows.view(actor, instanceId);
    const link = requireLink(this.context);
    const document = finalDocumentOf(this.context, flow);
    if (!document.docNumber) throw desktopError('DISPATCH_NO_DOC_NUMBER', { title: flow.title });
    const preview = await this.previewer.preview(document);
    const position: SealPosition | undefined = preview.sealPositions.find((p) => p.issuerCode === link.agencyCode);
    if (position === undefined) throw desktopError('DISPATCH_NO_SEAL_POSITION', { code: link.agencyCode });
    return {
      pdf: Buffer.from(preview.pdfBase64, 'base64'),
      pageCount: preview.pageCount,
      position,
      docNumber: document.docNumber,
    };
  };

  private atStep(actor: Actor, instanceId: string, stepId: 'seal' | 'dispatch') {
    const flow = this.workflows.view(actor, instanceId);
    if (flow.currentStepId !== stepId) {
      throw desktopError('DISPATCH_NOT_AT_STEP', { title: flow.title, step: stepId === 'seal' ? '用印' : '核发' });
    }
    return flow;
  }

  private sealedOf(documentId: string): SealedRow | undefined {
    return this.context.db
      .prepare(
        `SELECT document_id AS documentId, instance_id AS instanceId, doc_number AS docNumber, pdf_sha256 AS pdfSha256
         FROM sealed_documents WHERE document_id = ?`,
      )
      .get(documentId) as SealedRow | undefined;
  }
}

/** A receipt is valid when its signature chains to the root, it names this message and our PDF's hash, and the signer is the recipient. */
export function checkReceipt(
  signed: { agency: string; receipt: string; signature: string },
  messageId: string,
  pdfSha256: string | null,
  trust: { trustedRoots: ReturnType<typeof loadTrustRoot> },
): ReceiptView {
  const parsed = receiptSchema.safeParse(JSON.parse(signed.receipt));
  const check = verifyBytes(new TextEncoder().encode(signed.receipt), Buffer.from(signed.signature, 'base64'), trust);
  const valid =
    parsed.success &&
    check.verdict === 'valid' &&
    parsed.data.messageId === messageId &&
    parsed.data.recipient === signed.agency &&
    parsed.data.documentSha256 === pdfSha256 &&
    check.signer?.organizationIdentifier === signed.agency;
  return {
    signedAt: parsed.success ? parsed.data.signedAt : '',
    valid,
    signer: check.signer?.organization ?? check.signer?.commonName ?? signed.agency,
  };
}
