import { composeReceipt } from '@oa/exchange-server';
import { recipientStates, type Actor, type DocumentKind, type Person, type RecipientState } from '@oa/shared';
import type { IncomingMessageView, VerificationView } from '../../api-contract';
import { isoNow, type CoreContext } from '../context';
import type { DocumentsService } from '../documents-service';
import type { Previewer } from '../preview/previewer';
import { desktopError } from '../errors';
import { putBlob, readBlob } from '../store/blobs';
import type { WorkflowService } from '../workflow/service';
import type { ExchangeSession } from './hub-session';
import { loadTrustRoot, requireLink } from './link';
import { takeInReceivedDocument } from './receive';
import {
  findMessage,
  insertMessage,
  listMessages,
  readDirectory,
  recipientsOf,
  saveDirectory,
  updateMessage,
  updateRecipient,
  type MessageRow,
} from './message-store';

const stateNames: Record<RecipientState, string> = {
  waiting: '待签收',
  delivered: '已送达',
  'signed-for': '已签收',
  returned: '退回',
  recalled: '撤回',
};

/**
 * 收文 on the registrar's computer: new arrivals are fetched from the hub (which marks them
 * delivered), kept here with the envelope, and verified once on arrival; 签收 sends a receipt
 * signed with the seal key and starts the internal 收文 flow with 签收 done; 退回 sends the reason.
 */
export class IncomingService {
  constructor(
    private readonly context: CoreContext,
    private readonly session: ExchangeSession,
    private readonly documents: DocumentsService,
    private readonly workflows: WorkflowService,
    /** The core's worker thread: arrivals are verified there, off the thread answering the UI. */
    private readonly worker: Previewer,
  ) {}

  /** The fetch in progress: a second caller (a refresh while the screen loads) waits for it. */
  private fetching: Promise<void> | undefined;

  async list(refresh: boolean): Promise<IncomingMessageView[]> {
    if (refresh) {
      this.fetching ??= this.fetchArrivals().finally(() => (this.fetching = undefined));
      await this.fetching;
    }
    return listMessages(this.context, 'incoming').map((row) => this.view(row));
  }

  document(messageId: string) {
    const row = this.require(messageId);
    const safeName = row.docNumber.replace(/[\\/:*?"<>|]/g, '_');
    return {
      messageId,
      fileName: `${safeName}.pdf`,
      pdfBase64: readBlob(this.context, row.pdfSha256!).toString('base64'),
    };
  }

  async signFor(actor: Actor, person: Person, messageId: string, pin: string): Promise<IncomingMessageView> {
    const row = this.requireOpen(messageId);
    if (row.verification?.verdict !== 'valid') throw desktopError('INCOMING_NOT_VALID');
    const link = requireLink(this.context);
    const keyStore = await this.session.openKeyStore(pin);
    const client = await this.session.connectWith(keyStore);
    const receipt = await composeReceipt(keyStore, {
      messageId,
      recipient: link.agencyCode,
      documentSha256: row.pdfSha256!,
      signedAt: this.context.now(),
    });
    const state = await client.signFor(messageId, receipt);
    this.context.db.transaction(() => {
      updateRecipient(this.context, messageId, link.agencyCode, { state: state.state });
      const { documentId, flow } = takeInReceivedDocument(
        { context: this.context, documents: this.documents, workflows: this.workflows },
        person,
        actor,
        {
          kind: row.kind,
          title: row.title,
          docNumber: row.docNumber,
          sender: { code: row.senderCode, name: row.senderName },
          recipientName: link.agencyName,
          pdf: readBlob(this.context, row.pdfSha256!),
          note: '电子公文见附件，已验章签收。',
        },
      );
      const done = this.workflows.act(actor, {
        instanceId: flow.id,
        expectedVersion: flow.version,
        action: { type: 'complete', stepId: 'sign-for', copies: 1, opinion: `已签收，签收回执已由本机关印章签署。` },
      });
      updateMessage(this.context, messageId, { documentId, instanceId: done.id });
    })();
    return this.view(findMessage(this.context, messageId)!);
  }

  async returnToSender(messageId: string, reason: string): Promise<IncomingMessageView> {
    if (reason.trim() === '') throw desktopError('RETURN_REASON_REQUIRED');
    this.requireOpen(messageId);
    const link = requireLink(this.context);
    const state = await this.session.call((client) => client.returnMessage(messageId, reason.trim()));
    updateRecipient(this.context, messageId, link.agencyCode, { state: state.state, reason: state.reason });
    return this.view(findMessage(this.context, messageId)!);
  }

  private async fetchArrivals(): Promise<void> {
    const link = requireLink(this.context);
    const trustedRoots = loadTrustRoot(link);
    await this.session.call(async (client) => {
      const open = await client.inbox({ states: ['waiting', 'delivered'] });
      const known = new Map(readDirectory(this.context).map((e) => [e.code, e.name]));
      if (open.some((m) => !known.has(m.sender))) {
        const directory = await client.agencies();
        saveDirectory(this.context, directory);
        for (const e of directory) known.set(e.code, e.name);
      }
      for (const message of open) {
        if (findMessage(this.context, message.messageId) !== undefined) continue;
        const { envelope: envelopeText, signature } = await client.envelope(message.messageId);
        const pdf = await client.document(message.messageId);
        const view = await this.worker.verifyIncoming({
          pdf,
          envelopeText,
          envelopeSignature: signature,
          senderCode: message.sender,
          trustedRoots,
          at: isoNow(this.context),
        });
        this.context.db.transaction(() => {
          if (findMessage(this.context, message.messageId) !== undefined) return;
          const blob = putBlob(this.context, pdf);
          insertMessage(
            this.context,
            {
              messageId: message.messageId,
              direction: 'incoming',
              documentId: null,
              instanceId: null,
              senderCode: message.sender,
              senderName: known.get(message.sender) ?? message.sender,
              title: message.title,
              docNumber: message.docNumber,
              kind: message.kind as DocumentKind,
              pdfSha256: blob.sha256,
              request: null,
              verification: view,
              sentAt: message.sentAt,
            },
            [{ agencyCode: link.agencyCode, agencyName: link.agencyName, state: 'delivered' }],
          );
        })();
      }
    });
  }

  private require(messageId: string): MessageRow {
    const row = findMessage(this.context, messageId);
    if (row === undefined || row.direction !== 'incoming') throw desktopError('INCOMING_UNKNOWN', { id: messageId });
    return row;
  }

  private requireOpen(messageId: string): MessageRow {
    const row = this.require(messageId);
    const state = this.ownState(row);
    if (state !== 'waiting' && state !== 'delivered')
      throw desktopError('INCOMING_CLOSED', { state: stateNames[state] });
    return row;
  }

  private ownState(row: MessageRow): RecipientState {
    const state = recipientsOf(this.context, row.messageId)[0]?.state;
    return (recipientStates as readonly string[]).includes(state ?? '') ? (state as RecipientState) : 'delivered';
  }

  private view(row: MessageRow): IncomingMessageView {
    const own = recipientsOf(this.context, row.messageId)[0];
    return {
      messageId: row.messageId,
      senderCode: row.senderCode,
      senderName: row.senderName,
      title: row.title,
      docNumber: row.docNumber,
      kind: row.kind,
      state: this.ownState(row),
      reason: own?.reason ?? null,
      receivedAt: row.createdAt,
      verification: row.verification as VerificationView,
      documentId: row.documentId,
      instanceId: row.instanceId,
    };
  }
}
