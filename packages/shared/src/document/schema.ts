import { z } from 'zod';
import { classificationAliases, classificationLevels, urgencyAliases, urgencyLevels } from './classification';
import { directions, documentFormats, documentKinds, kindAliases } from './kinds';

/**
 * The document (公文) as JSON: the 18 elements of 条例 第九条. The schema checks
 * structure only; the rules of GB/T 9704 and the 条例 are in validation/, where each
 * broken rule becomes a violation with a stable code. docs/document-format.md
 * describes every field with a complete example.
 */

/** Accepts the English code or its Chinese name (`通知` for `notice`). */
function enumWithAliases<T extends readonly [string, ...string[]]>(values: T, aliases: Record<string, T[number]>) {
  return z.preprocess(
    (input) => (typeof input === 'string' && input in aliases ? aliases[input] : input),
    z.enum(values),
  );
}

const nonEmptyText = z.string().trim().min(1);

/** A recipient (主送 or 抄送 agency): a plain name, or a name with code and relation. */
export const recipientSchema = z.union([
  nonEmptyText,
  z.object({
    name: nonEmptyText,
    /** 统一社会信用代码, when the recipient is on the exchange hub. */
    code: z.string().optional(),
    /** Relation to the (lead) issuer: used by the routing rules (请示 never copied to subordinates). */
    relation: z.enum(['superior', 'subordinate', 'peer']).optional(),
  }),
]);
export type RecipientInput = z.infer<typeof recipientSchema>;

/** An issuing agency (发文机关). Several make a joint document (联合行文); the first leads. */
export const issuerSchema = z.object({
  /** Full name, as in the signature block (发文机关署名). */
  name: nonEmptyText,
  /** 统一社会信用代码 (GB 32100-2015), 18 characters. */
  code: z.string(),
  /** Name in the red header (发文机关标志) when it differs from `name` (规范化简称). */
  headerName: nonEmptyText.optional(),
  /** Whether this issuer stamps its seal; defaults to the document's `signature.sealed`. */
  sealed: z.boolean().optional(),
});
export type Issuer = z.infer<typeof issuerSchema>;

/** 签发人: a name, or a name with the issuer (by code) for joint upward documents. */
export const signerSchema = z.union([
  nonEmptyText,
  z.object({ name: nonEmptyText, issuerCode: z.string().optional() }),
]);
export type SignerInput = z.infer<typeof signerSchema>;

export const headingLevels = [1, 2, 3, 4] as const;
export type HeadingLevel = (typeof headingLevels)[number];

/** A block of the body (正文): a paragraph, or a heading of level 1–4 (一、 （一） 1. （1）). */
export const bodyBlockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('paragraph'), text: z.string() }),
  z.object({
    type: z.literal('heading'),
    level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
    text: z.string(),
  }),
]);
export type BodyBlock = z.infer<typeof bodyBlockSchema>;

/** An attachment (附件): listed in 附件说明; its content, when given, is typeset on its own pages. */
export const attachmentSchema = z.object({
  title: nonEmptyText,
  body: z.array(bodyBlockSchema).optional(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

/** A date as ISO `2026-07-04`, or in Chinese form `2026年7月4日` (never zero-padded). */
export const dateTextSchema = z.string().trim().min(1);

export const documentSchema = z.object({
  /** Local identifier; not printed. */
  id: z.string().optional(),
  /** 文种: one of the 15 kinds. */
  kind: enumWithAliases(documentKinds, kindAliases),
  /** 格式: defaults to the kind's format (函 → letter, 命令 → order, 纪要 → minutes). */
  format: z.enum(documentFormats).optional(),
  /** 行文方向; defaults from the kind. */
  direction: z.enum(directions).optional(),
  /** 份号: six digits, required when classified. */
  copyNumber: z.string().optional(),
  /** 密级和保密期限. */
  classification: z
    .object({
      level: enumWithAliases(classificationLevels, classificationAliases),
      /** `10年`, `6个月`, or a number of years. */
      period: z.union([z.string(), z.number()]).optional(),
    })
    .optional(),
  /** 紧急程度. */
  urgency: enumWithAliases(urgencyLevels, urgencyAliases).optional(),
  /** 发文机关: the lead agency first. */
  issuers: z.array(issuerSchema).min(1),
  /** The full red header text when it is not derived from the issuers (e.g. `国务院常务会议纪要`). */
  header: nonEmptyText.optional(),
  /** 发文字号 (`国办发〔2012〕12号`), or 令号 (`第5号`) in the order format. Allocated at 登记. */
  docNumber: z.string().optional(),
  /** 签发人 (upward documents). */
  signers: z.array(signerSchema).optional(),
  /** 标题. */
  title: nonEmptyText,
  /** 主送机关. */
  mainRecipients: z.array(recipientSchema).default([]),
  /** 正文. */
  body: z.array(bodyBlockSchema).min(1),
  /** 附件 (their titles form 附件说明). */
  attachments: z.array(attachmentSchema).default([]),
  /** 发文机关署名, 成文日期 and 印章. */
  signature: z
    .object({
      /** 成文日期. */
      date: dateTextSchema.optional(),
      /** Whether the document carries seals (default true). */
      sealed: z.boolean().default(true),
      /** The names as signed, when they differ from the issuers' names (命令: the signer's name). */
      names: z.array(nonEmptyText).optional(),
      /** 签发人职务, printed before the 签名章 in the order format (`总理`, `市长`). */
      signerTitle: nonEmptyText.optional(),
    })
    .default({ sealed: true }),
  /** 附注. */
  note: z.string().optional(),
  /** 抄送机关. */
  cc: z.array(recipientSchema).default([]),
  /** 印发机关和印发日期. */
  printing: z.object({ by: nonEmptyText, date: dateTextSchema }).optional(),
  /** 页码: standard (`— N —`) or none. */
  pageNumbers: z.enum(['standard', 'none']).default('standard'),
  /** 纪要: attendance lists (出席, 请假, 列席). */
  minutes: z
    .object({
      present: z.array(nonEmptyText).default([]),
      onLeave: z.array(nonEmptyText).default([]),
      observers: z.array(nonEmptyText).default([]),
    })
    .optional(),
});

/** A document as written in JSON (aliases and defaults not yet applied). */
export type DocumentInput = z.input<typeof documentSchema>;
/** A parsed document: codes resolved, defaults applied. */
export type GongwenDocument = z.output<typeof documentSchema>;
