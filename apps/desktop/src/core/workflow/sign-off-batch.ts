import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { chinaDateOf, formatIsoDate, isOaError, type Actor } from '@oa/shared';
import { openKeyStoreFile, signOffPdf, type KeyStore } from '@oa/signature';
import type { ParsedInput, SignOffBatchView, SignOffItemView } from '../../api-contract';
import { isoNow, type CoreContext } from '../context';
import { desktopError } from '../errors';
import type { Previewer } from '../preview/previewer';
import { addAttachment } from '../store/attachments';
import { readDocument } from '../store/documents';
import { JobStore } from '../jobs/job-store';
import type { WorkflowService } from './service';

interface Batch extends SignOffBatchView {
  startedBy: string;
}

/**
 * 批量签发: the leader's personal key store is opened once with the PIN; then, in the
 * background, each document is typeset as it stands (the 签发稿, dated the day of signing),
 * signed with the leader's certificate (PAdES, the opinion inside the signature) and kept as a
 * PDF attachment of the document, and its 签发 step is completed — attachment and step in one
 * transaction, so a failure leaves neither. A failure never stops the batch; the progress is
 * read with `progress` while it runs. Typesetting runs in the preview worker thread; signing a
 * page takes a few milliseconds on this thread, which yields between documents.
 */
export class SignOffBatches {
  private readonly batches = new JobStore<Batch>('SIGN_OFF_JOB_UNKNOWN');

  constructor(
    private readonly context: CoreContext,
    private readonly previewer: Previewer,
    private readonly workflows: WorkflowService,
  ) {}

  async start(actor: Actor, input: ParsedInput<'startSignOff'>): Promise<SignOffBatchView> {
    const keyStore = await openKeyStoreFile(input.keyStorePath, input.pin);
    const batch: Batch = {
      jobId: this.context.newId(),
      startedBy: actor.id,
      total: input.instanceIds.length,
      done: 0,
      finished: false,
      items: input.instanceIds.map((instanceId) => ({
        instanceId,
        title: '',
        status: 'waiting',
        attachmentId: null,
        error: null,
      })),
    };
    this.batches.add(batch);
    void this.run(batch, actor, keyStore, input);
    return view(batch);
  }

  progress(actor: Actor, jobId: string): SignOffBatchView {
    return view(this.batches.get(actor.id, jobId));
  }

  private async run(batch: Batch, actor: Actor, keyStore: KeyStore, input: ParsedInput<'startSignOff'>) {
    for (const item of batch.items) {
      try {
        await this.signOne(item, actor, keyStore, input);
        item.status = 'signed';
      } catch (error) {
        const failure = isOaError(error) ? error : desktopError('API_INTERNAL');
        item.status = 'failed';
        item.error = { code: failure.code, message: failure.text };
      }
      batch.done += 1;
      await yieldToEvents();
    }
    batch.finished = true;
  }

  private async signOne(item: SignOffItemView, actor: Actor, keyStore: KeyStore, input: ParsedInput<'startSignOff'>) {
    const flow = this.workflows.view(actor, item.instanceId);
    item.title = flow.title;
    if (flow.currentStepId !== 'sign-off') throw desktopError('SIGN_OFF_NOT_READY', { title: flow.title });
    const content = readDocument(this.context, flow.documentId).document;
    const today = formatIsoDate(chinaDateOf(isoNow(this.context)));
    const preview = await this.previewer.preview({
      ...content,
      signature: { ...content.signature, date: content.signature.date ?? today },
    });
    const signed = await signOffPdf(Buffer.from(preview.pdfBase64, 'base64'), {
      keyStore,
      opinion: input.opinion,
      signingTime: this.context.now(),
    });
    item.attachmentId = this.context.db.transaction(() => {
      const attachment = addAttachment(this.context, {
        documentId: flow.documentId,
        name: `签发稿（${actor.name}签发）.pdf`,
        mediaType: 'application/pdf',
        bytes: signed,
        actorId: actor.id,
      });
      this.workflows.act(actor, {
        instanceId: item.instanceId,
        expectedVersion: flow.version,
        action: {
          type: 'complete',
          stepId: 'sign-off',
          opinion: input.opinion,
          ...(input.next === undefined ? {} : { next: input.next }),
        },
      });
      return attachment.id;
    })();
  }
}

function view({ startedBy: _startedBy, ...batch }: Batch): SignOffBatchView {
  return { ...batch, items: batch.items.map((item) => ({ ...item })) };
}
