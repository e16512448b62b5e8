import { z } from 'zod';
import { archiveItemMetadataSchema } from '@oa/shared';

/**
 * The content of an export package (EEP, modelled on DA/T 48-2009): what the XML says, as data.
 * `eep-xml.ts` writes and reads it; docs/archive.md documents the XML.
 */
export const eepFileSchema = z.object({
  /** Path inside the package, always `files/<sha256>-<name>`. */
  path: z.string(),
  name: z.string(),
  role: z.enum(['document', 'attachment', 'receipt', 'record']),
  mediaType: z.string(),
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type EepFile = z.infer<typeof eepFileSchema>;

/** One entry of the handling record (业务实体): who did what, when, with which opinion. */
export const eepBusinessEntrySchema = z.object({
  action: z.string(),
  actor: z.string(),
  at: z.string(),
  opinion: z.string().optional(),
});
export type EepBusinessEntry = z.infer<typeof eepBusinessEntrySchema>;

/** A summary of one signature found in an item's PDF (电子签名摘要). */
export const eepSignatureSummarySchema = z.object({
  file: z.string(),
  signer: z.string(),
  signedAt: z.string().optional(),
  kind: z.string(),
  status: z.enum(['valid', 'invalid', 'indeterminate']),
});
export type EepSignatureSummary = z.infer<typeof eepSignatureSummarySchema>;

export const eepItemSchema = z.object({
  archivalCode: z.string(),
  metadata: archiveItemMetadataSchema,
  files: z.array(eepFileSchema).min(1),
  record: z.array(eepBusinessEntrySchema),
  signatures: z.array(eepSignatureSummarySchema),
});
export type EepItem = z.infer<typeof eepItemSchema>;

export const eepDescriptionSchema = z.object({
  /** 封装包类型: 原始型 (original) or 修改型 (modified). */
  packageType: z.enum(['原始型', '修改型']),
  /** 封装包创建时间, ISO 8601 with offset. */
  createdAt: z.string(),
  /** 封装包创建单位. */
  createdBy: z.string(),
  items: z.array(eepItemSchema).min(1),
});
export type EepDescription = z.infer<typeof eepDescriptionSchema>;
