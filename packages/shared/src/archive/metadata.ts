import { z } from 'zod';
import { classificationAliases, classificationLevels } from '../document/classification';
import { documentKinds, kindAliases } from '../document/kinds';
import { retentionAliases, retentionPeriods } from './retention';

/**
 * DA/T 22-2015 metadata of an archive item (件): what the 归档章 shows (全宗号, 年度,
 * 保管期限, 件号, 页数, 机构) plus the descriptive fields the catalogue and the EEP package carry.
 */
const alias = <T extends readonly [string, ...string[]]>(values: T, aliases: Record<string, T[number]>) =>
  z.preprocess((input) => (typeof input === 'string' && input in aliases ? aliases[input] : input), z.enum(values));

export const archiveItemMetadataSchema = z.object({
  /** 全宗号: letters and digits, e.g. J012. */
  fonds: z.string().regex(/^[A-Z0-9]{1,12}$/, '全宗号 uses capital letters and digits (e.g. J012)'),
  /** 门类代码. */
  category: z.string().regex(/^[A-Z]{2}$/, '门类代码 is two capital letters (e.g. WS)'),
  /** 年度: the year the document was formed. */
  year: z.number().int().min(1949).max(2999),
  /** 保管期限. */
  retention: alias(retentionPeriods, retentionAliases),
  /** 机构（问题）代码. */
  unit: z.string().regex(/^[A-Z0-9]{0,12}$/, '机构代码 uses capital letters and digits (e.g. BGS)'),
  /** 件号, from 1 without gaps. */
  item: z.number().int().min(1).max(99999),
  /** 页数 of the item's main document. */
  pages: z.number().int().min(1),
  /** 题名. */
  title: z.string().trim().min(1),
  /** 文号 (发文字号), when the document has one. */
  docNumber: z.string().optional(),
  /** 责任者: the issuing agency (or agencies, joined with ；). */
  responsible: z.string().trim().min(1),
  /** 日期 (成文日期) as YYYY-MM-DD. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** 密级, or none. */
  classification: z.union([z.literal('none'), alias(classificationLevels, classificationAliases)]).default('none'),
  /** 文种. */
  kind: alias(documentKinds, kindAliases),
});
export type ArchiveItemMetadata = z.output<typeof archiveItemMetadataSchema>;
export type ArchiveItemMetadataInput = z.input<typeof archiveItemMetadataSchema>;
