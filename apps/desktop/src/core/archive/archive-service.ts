import { join } from 'node:path';
import { ArchiveCatalog, type ArchivedItem } from '@oa/archive';
import { isOaError, validateDocument, type Actor } from '@oa/shared';
import type { ArchiveOutcome, ArchivedItemView, ExportView, ParsedInput } from '../../api-contract';
import type { CoreContext } from '../context';
import { isoNow } from '../context';
import { desktopError } from '../errors';
import type { Previewer } from '../preview/previewer';
import type { JobsWorker } from '../workers/jobs-client';
import { finalDocumentOf } from '../workflow/final-document';
import type { WorkflowService } from '../workflow/service';

/** Hooks for a progress bar: the key store opened (work begins), each item done, the check begun. */
export interface ArchiveProgress {
  started?: () => void;
  outcome?: (outcome: ArchiveOutcome) => void;
  packed?: (done: number, total: number) => void;
  checking?: () => void;
}

/** The catalogue lives in `<data dir>/archive/` (archive.db and the archived files). */
export const archiveDirName = 'archive';

/**
 * 归档 on this computer: finished documents waiting at the 归档 step become archive items
 * (DA/T 22 metadata, 档号, 件号 without gaps) with the 归档章 signed by the records officer's key,
 * in the catalogue of @oa/archive; then the 归档 step is completed. The document is typeset in
 * the preview worker; the 归档章 and recording the item run in the jobs worker thread (which
 * opens the catalogue itself; SQLite in WAL mode, the 件号 taken in one transaction there); the
 * workflow step is completed on the core's thread. Export and 四性检测 run wholly in the worker. The PIN only opens the key store
 * (in the worker) for this call; it is neither kept nor logged.
 */
export class ArchiveService {
  private opened: ArchiveCatalog | undefined;

  constructor(
    private readonly context: CoreContext,
    private readonly previewer: Previewer,
    private readonly jobs: JobsWorker,
    private readonly workflows: WorkflowService,
  ) {}

  private get catalogDir(): string {
    return join(this.context.dataDir, archiveDirName);
  }

  async archive(
    actor: Actor,
    input: ParsedInput<'archiveDocuments'>,
    progress: ArchiveProgress = {},
  ): Promise<ArchiveOutcome[]> {
    const keyId = await this.jobs.openKey({
      keyStorePath: input.keyStorePath,
      pin: input.pin,
      catalogDir: this.catalogDir,
    });
    progress.started?.();
    const outcomes: ArchiveOutcome[] = [];
    try {
      for (const instanceId of input.instanceIds) {
        const outcome = await this.archiveOne(actor, input, keyId, instanceId);
        outcomes.push(outcome);
        progress.outcome?.(outcome);
      }
    } catch (error) {
      // The worker thread died: the items archived so far stay archived, and are said with the error.
      throw isOaError(error) && error.code === 'JOB_WORKER_FAILED'
        ? desktopError('JOB_WORKER_FAILED', { outcomes })
        : error;
    } finally {
      await this.jobs.dropKey(keyId);
    }
    return outcomes;
  }

  /** One document: its outcome; the worker thread dying ends the whole run (JOB_WORKER_FAILED). */
  private async archiveOne(
    actor: Actor,
    input: ParsedInput<'archiveDocuments'>,
    keyId: string,
    instanceId: string,
  ): Promise<ArchiveOutcome> {
    try {
      const flow = this.workflows.view(actor, instanceId);
      if (flow.currentStepId !== 'archive') throw desktopError('ARCHIVE_NOT_READY', { title: flow.title });
      const final = finalDocumentOf(this.context, flow);
      const document = validateDocument(final, { stage: 'draft' }).document;
      if (document === undefined) throw desktopError('ARCHIVE_NOT_READY', { title: flow.title });
      const preview = await this.previewer.preview(final);
      const record = flow.state.history.map((entry) => ({
        action: entry.stepName.zh,
        actor: entry.actor.name,
        at: entry.at,
        ...(entry.text ? { opinion: entry.text } : {}),
      }));
      const archivalCode = await this.jobs.archiveItem({
        keyId,
        document,
        pdf: Buffer.from(preview.pdfBase64, 'base64'),
        place: { fonds: input.fonds, unit: input.unit, retention: input.retention },
        record: Buffer.from(JSON.stringify(record), 'utf8'),
        actor: actor.name,
        at: isoNow(this.context),
      });
      this.workflows.act(actor, {
        instanceId,
        expectedVersion: flow.version,
        action: { type: 'complete', stepId: 'archive', opinion: `归档：${archivalCode}` },
      });
      return { instanceId, ok: true, archivalCode };
    } catch (error) {
      if (isOaError(error) && error.code === 'JOB_WORKER_FAILED') throw error;
      const failure = isOaError(error) ? error : desktopError('API_INTERNAL');
      return { instanceId, ok: false, error: { code: failure.code, message: failure.text } };
    }
  }

  search(input: ParsedInput<'searchArchive'>): ArchivedItemView[] {
    return this.catalog().search({ text: input.text, year: input.year }).map(itemView);
  }

  /** Opens an item's record and writes who looked at it, when and why (借阅 / 查看 log). */
  view(actor: Actor, input: ParsedInput<'viewArchivedItem'>) {
    const catalog = this.catalog();
    catalog.logAccess(input.archivalCode, {
      actor: actor.name,
      action: 'view',
      purpose: input.purpose,
      at: isoNow(this.context),
    });
    return { item: itemView(catalog.get(input.archivalCode)), log: catalog.accessLog(input.archivalCode) };
  }

  /** Exports the items as one signed EEP package and checks it (四性检测) right away. */
  async exportPackage(
    actor: Actor,
    input: ParsedInput<'exportArchive'>,
    progress: ArchiveProgress = {},
  ): Promise<ExportView> {
    return this.jobs.exportPackage(
      {
        keyStorePath: input.keyStorePath,
        pin: input.pin,
        catalogDir: this.catalogDir,
        archivalCodes: input.archivalCodes,
        outDir: input.outDir,
        actor: actor.name,
        at: isoNow(this.context),
      },
      (event) => {
        if (event.type === 'started') progress.started?.();
        else if (event.type === 'packed') progress.packed?.(event.done, event.total);
        else progress.checking?.();
      },
    );
  }

  close(): void {
    this.opened?.close();
    this.opened = undefined;
  }

  private catalog(): ArchiveCatalog {
    this.opened ??= ArchiveCatalog.open(this.catalogDir);
    return this.opened;
  }
}

function itemView(item: ArchivedItem): ArchivedItemView {
  const m = item.metadata;
  return {
    archivalCode: item.archivalCode,
    title: m.title,
    docNumber: m.docNumber ?? null,
    year: m.year,
    retention: m.retention,
    unit: m.unit,
    item: m.item,
    pages: m.pages,
    archivedAt: item.archivedAt,
    archivedBy: item.archivedBy,
  };
}
