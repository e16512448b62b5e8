import { z } from 'zod';
import type {
  DirectoryEntry,
  ExchangeLinkView,
  ExchangeStatusView,
  IncomingMessageView,
  SealPreviewView,
  SentMessageView,
} from './exchange-views';
import { method } from './method-spec';

/**
 * The exchange part of the API table (登记、用印、分发、收文): registration with the agency's
 * 发文字号 sequence, sealing with the agency key, sending through the hub and the incoming box.
 * Spread into desktopApiContract; kept in its own module so it grows without touching the rest.
 */
const id = z.string().trim().min(1).max(200);
const path = z.string().trim().min(1).max(4096);
/** A PIN is used for the one call and never stored or logged. */
const pin = z.string().min(1).max(256);
/** 统一社会信用代码: 18 characters (the check character is verified by the hub's directory). */
const agencyCode = z
  .string()
  .trim()
  .regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, '统一社会信用代码');

export const exchangeLinkSchema = z
  .object({
    hubUrl: z.url({ protocol: /^https?$/ }),
    agencyCode,
    agencyName: z.string().trim().min(1).max(200),
    keyStorePath: path,
    sealRecordPath: path,
    trustRootPath: path,
    docNumberPrefix: z.string().trim().min(1).max(40),
  })
  .strict();

export const exchangeContract = {
  exchangeStatus: method<ExchangeStatusView>()(z.object({}).strict()),
  /** Saves the agency's link to the hub (checks the files can be read, the PIN is not needed). */
  configureExchange: method<ExchangeStatusView>()(exchangeLinkSchema),
  /** Opens a hub session: the agency system logs in by signing the hub's challenge with the seal key. */
  connectExchange: method<ExchangeStatusView>()(z.object({ pin }).strict()),
  /** The hub's agency directory (refreshed when connected, the last copy otherwise); filter by name or code. */
  agencyDirectory: method<DirectoryEntry[]>()(z.object({ query: z.string().trim().max(100).default('') }).strict()),

  /** 登记: allocates the next 发文字号 of the agency's sequence for the year (gaps are not reused). */
  allocateDocNumber: method<{ docNumber: string; prefix: string; year: number; number: number }>()(
    z.object({ year: z.number().int().min(2000).max(2200).optional() }).strict(),
  ),
  /** 用印 preview: the final document typeset with its 发文字号, and where the seal lands. */
  sealPreview: method<SealPreviewView>()(z.object({ instanceId: id }).strict()),
  /** 用印: stamps the agency seal (visible seal + PAdES signature) and completes the 用印 step. */
  sealDocument: method<SealPreviewView>()(z.object({ instanceId: id, pin }).strict()),
  /**
   * 核发: signs the envelope with the seal key and sends the sealed PDF through the hub to the
   * recipients; completes the 核发 step. A hub that cannot be reached keeps the signed send here
   * (state queued) and answers DISPATCH_QUEUED; `resendQueued` sends it later.
   */
  dispatchDocument: method<SentMessageView>()(
    z.object({ instanceId: id, recipients: z.array(agencyCode).min(1).max(500), pin }).strict(),
  ),
  resendQueued: method<SentMessageView[]>()(z.object({}).strict()),
  /**
   * 撤回: recalls a sent document from recipients that have not fetched it yet (the hub
   * refuses with DISPATCH_RECALL_REFUSED once one has: nothing is recalled then).
   */
  recallSent: method<SentMessageView>()(
    z
      .object({
        messageId: id,
        recipients: z.array(agencyCode).min(1).max(500),
        reason: z.string().trim().max(500).optional(),
      })
      .strict(),
  ),
  /** 发文 outbox: each message with every recipient's state and receipt (refreshed from the hub when connected). */
  listSent: method<SentMessageView[]>()(z.object({ refresh: z.boolean().default(true) }).strict()),

  /** 收文: fetches new arrivals from the hub, verifies each one, and lists the inbox. */
  listIncoming: method<IncomingMessageView[]>()(z.object({ refresh: z.boolean().default(true) }).strict()),
  /** The received sealed PDF (base64), as it came from the hub. */
  incomingDocument: method<{ messageId: string; fileName: string; pdfBase64: string }>()(
    z.object({ messageId: id }).strict(),
  ),
  /** 签收: a receipt signed with the seal key; then the 收文 flow starts with 签收 done. */
  signForIncoming: method<IncomingMessageView>()(z.object({ messageId: id, pin }).strict()),
  /** 退回 with a reason. */
  returnIncoming: method<IncomingMessageView>()(
    z.object({ messageId: id, reason: z.string().trim().max(500) }).strict(),
  ),
} as const;

export type ExchangeLinkInput = z.input<typeof exchangeLinkSchema>;
export type { ExchangeLinkView };
