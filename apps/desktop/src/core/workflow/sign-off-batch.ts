import { chinaDateOf, formatIsoDate, isOaError, type Actor } from '@oa/shared';
import type { ParsedInput, SignOffBatchView, SignOffItemView } from '../../api-contract';
import { isoNow, type CoreContext } from '../context';
import { desktopError } from '../errors';
import { addAttachment } from '../store/attachments';
import { readDocument } from '../store/documents';
import { JobStore } from '../jobs/job-store';
import type { Previewer } from '../preview/previewer';
import type { JobsWorker } from '../workers/jobs-client';
import type { WorkflowService } from './service';

interface Batch extends SignOffBatchView {
  startedBy: string;
}

/**
 * 批量签发: the leader's personal key store is opened once with the PIN, in the jobs worker
 * thread, where the key stays for the batch (dropped at its end). Then, in the background, each
 * document is typeset as it stands (the 签发稿, dated the day of signing) in the preview worker,
 * signed in the jobs worker with the leader's certificate (PAdES, the opinion inside the
 * signature), and back on the core's thread it is kept as a PDF attachment of the document and its 签发 step is completed — attachment and
 * step in one transaction, so a failure leaves neither. A document's failure never stops the
 * batch; the worker thread dying does (JOB_WORKER_FAILED for the documents not signed, the
 * signed ones stay signed). The progress is read with `progress` while it runs.
 */
export class SignOffBatches {
  private readonly batches = new JobStore<Batch>('SIGN_OFF_JOB_UNKNOWN');
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly context: CoreContext,
    private readonly previewer: Previewer,
    private readonly jobs: JobsWorker,
    private readonly workflows: WorkflowService,
  ) {}

  async start(actor: Actor, input: ParsedInput<'startSignOff'>): Promise<SignOffBatchView> {
    const keyId = await this.jobs.openKey({ keyStorePath: input.keyStorePath, pin: input.pin });
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
    const run = this.run(batch, actor, keyId, input).finally(() => this.running.delete(batch.jobId));
    this.running.set(batch.jobId, run);
    return view(batch);
  }

  progress(actor: Actor, jobId: string): SignOffBatchView {
    return view(this.batches.get(actor.id, jobId));
  }

  /** Resolves once the batch has finished (at once for a finished or unknown one). */
  async settled(jobId: string): Promise<void> {
    await this.running.get(jobId);
  }

  private async run(batch: Batch, actor: Actor, keyId: string, input: ParsedInput<'startSignOff'>) {
    let workerFailure: SignOffItemView['error'] = null;
    for (const item of batch.items) {
      if (workerFailure === null) {
        try {
          await this.signOne(item, actor, keyId, input);
          item.status = 'signed';
        } catch (error) {
          const failure = isOaError(error) ? error : desktopError('API_INTERNAL');
          item.status = 'failed';
          item.error = { code: failure.code, message: failure.text };
          if (failure.code === 'JOB_WORKER_FAILED') workerFailure = item.error;
        }
      } else {
        item.status = 'failed';
        item.error = workerFailure;
      }
      batch.done += 1;
    }
    await this.jobs.dropKey(keyId);
    batch.finished = true;
  }

  private async signOne(item: SignOffItemView, actor: Actor, keyId: string, input: ParsedInput<'startSignOff'>) {
    const flow = this.workflows.view(actor, item.instanceId);
    item.title = flow.title;
    if (flow.currentStepId !== 'sign-off') throw desktopError('SIGN_OFF_NOT_READY', { title: flow.title });
    const content = readDocument(this.context, flow.documentId).document;
    const today = formatIsoDate(chinaDateOf(isoNow(this.context)));
    const preview = await this.previewer.preview({
      ...content,
      signature: { ...content.signature, date: content.signature.date ?? today },
    });
    const signed = await this.jobs.signOff({
      keyId,
      pdf: Buffer.from(preview.pdfBase64, 'base64'),
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
