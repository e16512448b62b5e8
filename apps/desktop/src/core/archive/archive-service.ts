import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ArchiveCatalog,
  archiveRequestFromDocument,
  archiveWithStamp,
  checkPackage,
  exportPackage,
  packageSignerFromKey,
  packageVerifierFromTrust,
  pdfVerifierFromTrust,
  type ArchivedItem,
} from '@oa/archive';
import { isOaError, validateDocument, type Actor } from '@oa/shared';
import { openKeyStoreFile } from '@oa/signature';
import type { ArchiveOutcome, ArchivedItemView, ExportView, ParsedInput } from '../../api-contract';
import type { CoreContext } from '../context';
import { isoNow } from '../context';
import { desktopError } from '../errors';
import type { Previewer } from '../preview/previewer';
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
 * in the catalogue of @oa/archive; then the 归档 step is completed. The PIN only opens the key
 * store for this call; it is neither kept nor logged.
 */
export class ArchiveService {
  private opened: ArchiveCatalog | undefined;

  constructor(
    private readonly context: CoreContext,
    private readonly previewer: Previewer,
    private readonly workflows: WorkflowService,
  ) {}

  async archive(
    actor: Actor,
    input: ParsedInput<'archiveDocuments'>,
    progress: ArchiveProgress = {},
  ): Promise<ArchiveOutcome[]> {
    const keyStore = await openKeyStoreFile(input.keyStorePath, input.pin);
    progress.started?.();
    const outcomes: ArchiveOutcome[] = [];
    for (const instanceId of input.instanceIds) {
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
        const request = await archiveRequestFromDocument({
          document,
          pdf: Buffer.from(preview.pdfBase64, 'base64'),
          place: { fonds: input.fonds, unit: input.unit, retention: input.retention },
          record: Buffer.from(JSON.stringify(record), 'utf8'),
          actor: actor.name,
          at: isoNow(this.context),
        });
        const item = await archiveWithStamp(this.catalog(), request, { keyStore });
        this.workflows.act(actor, {
          instanceId,
          expectedVersion: flow.version,
          action: { type: 'complete', stepId: 'archive', opinion: `归档：${item.archivalCode}` },
        });
        outcomes.push({ instanceId, ok: true, archivalCode: item.archivalCode });
      } catch (error) {
        const failure = isOaError(error) ? error : desktopError('API_INTERNAL');
        outcomes.push({ instanceId, ok: false, error: { code: failure.code, message: failure.text } });
      }
      progress.outcome?.(outcomes.at(-1)!);
    }
    return outcomes;
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
    const key = await openKeyStoreFile(input.keyStorePath, input.pin);
    requireWritableFolder(input.outDir);
    progress.started?.();
    const root = key.chain.at(-1) ?? key.certificate;
    const trust = { trustedRoots: [root] };
    const subject = key.certificate.subject;
    const result = await exportPackage({
      catalog: this.catalog(),
      archivalCodes: input.archivalCodes,
      outDir: input.outDir,
      createdBy: subject.organization ?? subject.commonName,
      createdAt: isoNow(this.context),
      actor: actor.name,
      signer: packageSignerFromKey(key),
      pdfVerifier: pdfVerifierFromTrust(trust),
      ...(progress.packed === undefined ? {} : { onItem: progress.packed }),
    });
    progress.checking?.();
    const report = await checkPackage(result.dir, {
      packageVerifier: packageVerifierFromTrust(trust),
      pdfVerifier: pdfVerifierFromTrust(trust),
      now: isoNow(this.context),
    });
    return { ...result, report };
  }

  close(): void {
    this.opened?.close();
    this.opened = undefined;
  }

  private catalog(): ArchiveCatalog {
    this.opened ??= ArchiveCatalog.open(join(this.context.dataDir, archiveDirName));
    return this.opened;
  }
}

/** The export folder, made if missing; a folder that cannot be written is said before anything is written. */
function requireWritableFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch {
    throw desktopError('ARCHIVE_OUT_DIR_UNWRITABLE', { dir });
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
