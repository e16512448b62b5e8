import { z } from 'zod';
import { isValidUscc } from '../agency/uscc';
import { classificationLevels, urgencyLevels } from '../document/classification';
import { docNumberPattern, orderNumberPattern } from '../document/doc-number';
import { documentKinds } from '../document/kinds';

/**
 * The exchange envelope (交换信封): what the sending agency signs with its seal key when it
 * sends a sealed document through the hub. It names the document by its sha256, so the
 * signature over the envelope's canonical JSON covers the PDF and every attachment too.
 */
export const agencyCodeSchema = z
  .string()
  .refine(isValidUscc, { message: 'not a valid 统一社会信用代码 (GB 32100-2015)' });

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex sha256');

/** Message ids are chosen by the sender (a UUID is a good choice), so a retried send is recognised. */
export const messageIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/, '8–128 letters, digits, . _ : -');

export const contentRefSchema = z.object({
  sha256: sha256Hex,
  size: z.number().int().nonnegative(),
});

export const attachmentRefSchema = contentRefSchema.extend({
  name: z.string().trim().min(1).max(255),
  mediaType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/),
});

export const envelopeSchema = z.object({
  /** Format version of the envelope. */
  version: z.literal(1),
  messageId: messageIdSchema,
  /** The sending agency (发文机关) by its 统一社会信用代码. */
  sender: agencyCodeSchema,
  /** Receiving agencies (主送/抄送 on the hub) by code; documents go to offices, not people. */
  recipients: z.array(agencyCodeSchema).min(1).max(500),
  title: z.string().trim().min(1).max(500),
  /** 发文字号 (`国办发〔2026〕3号`) or a 令号 (`第5号`). */
  docNumber: z.string().refine((text) => docNumberPattern.test(text) || orderNumberPattern.test(text), {
    message: '发文字号 must look like 国办发〔2026〕3号',
  }),
  kind: z.enum(documentKinds),
  /** 密级; absent for unclassified documents. */
  classification: z.enum(classificationLevels).optional(),
  /** 紧急程度; absent for ordinary documents. */
  urgency: z.enum(urgencyLevels).optional(),
  /** The sealed PDF. */
  document: contentRefSchema,
  attachments: z.array(attachmentRefSchema).max(100).default([]),
  /** When the sender composed the envelope (ISO 8601). */
  createdAt: z.iso.datetime({ offset: true }),
});
export type Envelope = z.infer<typeof envelopeSchema>;
export type EnvelopeInput = z.input<typeof envelopeSchema>;

/**
 * A receipt (签收回执): signed by the receiving agency's seal key over the document's hash and
 * the time, so the sender can later prove who signed for what and when.
 */
export const receiptSchema = z.object({
  version: z.literal(1),
  messageId: messageIdSchema,
  /** The receiving agency that signs for the document. */
  recipient: agencyCodeSchema,
  /** sha256 of the sealed PDF as received. */
  documentSha256: sha256Hex,
  /** 签收时间 (ISO 8601). */
  signedAt: z.iso.datetime({ offset: true }),
});
export type Receipt = z.infer<typeof receiptSchema>;

/**
 * Per-recipient states of a sent document (GONGWEN.md §5):
 * 待签收 → 已送达 (fetched by the recipient's system) → 已签收 (receipt) or 已退回 (with reason);
 * the sender may 撤回 while it still waits.
 */
export const recipientStates = ['waiting', 'delivered', 'signed-for', 'returned', 'recalled'] as const;
export type RecipientState = (typeof recipientStates)[number];

export const recipientStateNames: Record<RecipientState, { zh: string; en: string }> = {
  waiting: { zh: '待签收', en: 'waiting' },
  delivered: { zh: '已送达', en: 'delivered' },
  'signed-for': { zh: '已签收', en: 'signed for' },
  returned: { zh: '已退回', en: 'returned' },
  recalled: { zh: '已撤回', en: 'recalled' },
};

export const recipientActions = ['deliver', 'sign-for', 'return', 'recall'] as const;
export type RecipientAction = (typeof recipientActions)[number];

/** Which state each action starts from and leads to: the whole state machine as one table. */
export const recipientTransitions: Record<RecipientAction, { from: readonly RecipientState[]; to: RecipientState }> = {
  deliver: { from: ['waiting'], to: 'delivered' },
  'sign-for': { from: ['delivered'], to: 'signed-for' },
  return: { from: ['waiting', 'delivered'], to: 'returned' },
  recall: { from: ['waiting'], to: 'recalled' },
};
