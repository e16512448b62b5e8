import { composeReceipt, type HubClient } from '@oa/exchange-server';
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
/** States in which this agency can still sign for or return a message. */
const openStates: ReadonlySet<RecipientState> = new Set(['waiting', 'delivered']);

/** Who takes a signed-for document in (starts its 收文 flow). */
interface Receiver {
  actor: Actor;
  person: Person;
}

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

  /**
   * The inbox; with `refresh`, new arrivals are fetched and verified first, and messages the hub
   * moved on without this computer knowing (a 签收 whose answer was lost to a crash or a cut
   * connection, a recall) are brought in line — a signed-for one taken in by `by`.
   */
  async list(refresh: boolean, by?: Receiver): Promise<IncomingMessageView[]> {
    if (refresh) {
      this.fetching ??= this.fetchArrivals(by).finally(() => (this.fetching = undefined));
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
    const state = await client.signFor(messageId, receipt).catch(async (error: unknown) => {
      // Signed for already (the answer of an earlier 签收 was lost): record it here now.
      const mine = await this.hubState(client, messageId, link.agencyCode);
      if (mine?.state === 'signed-for') return mine;
      throw error;
    });
    this.recordSignedFor({ actor, person }, row, state.state, '已签收，签收回执已由本机关印章签署。');
    return this.view(findMessage(this.context, messageId)!);
  }

  /** The local half of 签收: the recipient state, the 收文 flow started and its 签收 step done, in one transaction. */
  private recordSignedFor(by: Receiver, row: MessageRow, state: RecipientState, opinion: string): void {
    const link = requireLink(this.context);
    this.context.db.transaction(() => {
      updateRecipient(this.context, row.messageId, link.agencyCode, { state });
      const { documentId, flow } = takeInReceivedDocument(
        { context: this.context, documents: this.documents, workflows: this.workflows },
        by.person,
        by.actor,
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
      const done = this.workflows.act(by.actor, {
        instanceId: flow.id,
        expectedVersion: flow.version,
        action: { type: 'complete', stepId: 'sign-for', copies: 1, opinion },
      });
      updateMessage(this.context, row.messageId, { documentId, instanceId: done.id });
    })();
  }

  /** This agency's state of a message on the hub (undefined when the hub does not say). */
  private async hubState(client: HubClient, messageId: string, agencyCode: string) {
    const status = await client.status(messageId).catch(() => undefined);
    return status?.recipients.find((r) => r.agency === agencyCode);
  }

  async returnToSender(messageId: string, reason: string): Promise<IncomingMessageView> {
    if (reason.trim() === '') throw desktopError('RETURN_REASON_REQUIRED');
    this.requireOpen(messageId);
    const link = requireLink(this.context);
    const state = await this.session.call((client) => client.returnMessage(messageId, reason.trim()));
    updateRecipient(this.context, messageId, link.agencyCode, { state: state.state, reason: state.reason });
    return this.view(findMessage(this.context, messageId)!);
  }

  private async fetchArrivals(by: Receiver | undefined): Promise<void> {
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
      const stillOpen = new Set(open.map((m) => m.messageId));
      for (const row of listMessages(this.context, 'incoming')) {
        if (stillOpen.has(row.messageId) || !openStates.has(this.ownState(row))) continue;
        const mine = await this.hubState(client, row.messageId, link.agencyCode);
        if (mine === undefined || openStates.has(mine.state)) continue;
        if (mine.state !== 'signed-for') {
          updateRecipient(this.context, row.messageId, link.agencyCode, { state: mine.state, reason: mine.reason });
        } else if (by !== undefined) {
          this.recordSignedFor(by, row, mine.state, '已在交换中心签收（签收回执已签署），本机补记收文。');
        }
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
    if (!openStates.has(state)) throw desktopError('INCOMING_CLOSED', { state: stateNames[state] });
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
