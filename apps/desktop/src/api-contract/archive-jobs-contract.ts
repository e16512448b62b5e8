import { z } from 'zod';
import { method } from './method-spec';
import type { ArchiveOutcome, ExportView } from './views';

const id = z.string().trim().min(1).max(200);
const keyStore = {
  keyStorePath: z.string().trim().min(1).max(4096),
  pin: z.string().min(1).max(256),
};

/** 归档 of documents waiting at the 归档 step (the PIN is used for the call only). */
export const archiveDocumentsInput = z
  .object({
    instanceIds: z.array(id).min(1).max(500),
    fonds: z
      .string()
      .trim()
      .regex(/^[A-Z0-9]{1,16}$/, '全宗号'),
    unit: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9]{1,16}$/, '机构代码'),
    retention: z.enum(['Y', 'D30', 'D10']),
    ...keyStore,
  })
  .strict();

/** Export of archive items as one signed EEP package into `outDir`, then 四性检测 on it. */
export const exportArchiveInput = z
  .object({
    archivalCodes: z.array(id).min(1).max(10_000),
    outDir: z.string().trim().min(1).max(4096),
    ...keyStore,
  })
  .strict();

/** A 归档 or export batch running in the background, as its progress bar shows it. */
export interface ArchiveJobView {
  jobId: string;
  kind: 'archive' | 'export';
  /** items: archiving or packing item by item; check: 四性检测 of the package; done. */
  phase: 'items' | 'check' | 'done';
  done: number;
  total: number;
  finished: boolean;
  /** 归档: a result per document (filled as they finish). */
  outcomes: ArchiveOutcome[];
  /** Export: the package and its check report, once finished. */
  exported: ExportView | null;
  /** Why the whole job failed (e.g. the output folder cannot be written); nothing half-written is left registered. */
  error: { code: string; message: { zh: string; en: string } } | null;
}

/**
 * 归档 and export as background jobs with progress (the PIN is checked before the job starts:
 * a wrong PIN fails the start call and nothing begins).
 */
export const archiveJobsContract = {
  startArchiving: method<ArchiveJobView>()(archiveDocumentsInput),
  startArchiveExport: method<ArchiveJobView>()(exportArchiveInput),
  archiveJob: method<ArchiveJobView>()(z.object({ jobId: id }).strict()),
} as const;
