import { z } from 'zod';
import { recipientStates } from '@oa/shared';
import { agencyRoles } from '../auth/roles';
import { agencyLevels } from '../directory/levels';

/** zod schemas of the HTTP API; the OpenAPI description is generated from them. */
/**
 * Whether `text` is base64 (standard alphabet, padding optional): decoded and encoded again it
 * must come back the same. Native, unlike a regular expression over a 140 KB document.
 */
export function isBase64(text: string): boolean {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d /* = */ && text.length - end < 2) end--;
  const again = Buffer.from(text, 'base64').toString('base64');
  let againEnd = again.length;
  while (againEnd > 0 && again.charCodeAt(againEnd - 1) === 0x3d) againEnd--;
  return end === againEnd && again.startsWith(end === text.length ? text : text.slice(0, end));
}

export const base64 = z.string().refine(isBase64, 'base64').describe('base64-encoded bytes');

export const errorSchema = z.object({
  code: z.string(),
  message: z.object({ zh: z.string(), en: z.string() }),
  details: z.record(z.string(), z.unknown()).optional(),
});

export const tokenSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  /** Who the session is: `user:<id>` for a person (the same on every computer), `agency:<code>` for an agency system. */
  subject: z.string(),
  /** A person's user name (user logins only). */
  username: z.string().optional(),
  agency: z.string().optional(),
  roles: z.array(z.string()),
  hubAdmin: z.boolean(),
});

export const loginSchema = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(1000),
  agency: z.string().optional(),
});

export const challengeRequestSchema = z.object({ agency: z.string().length(18) });
export const challengeSchema = z.object({ nonce: z.string(), challenge: z.string(), expiresAt: z.string() });
export const agencyLoginSchema = z.object({
  agency: z.string().length(18),
  nonce: z.string().min(1),
  signature: base64,
});

export const agencyInputSchema = z.object({
  code: z.string().describe('统一社会信用代码'),
  name: z.string().trim().min(1).max(200),
  level: z.enum(agencyLevels),
  parentCode: z.string().optional(),
});
export const agencySchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(agencyLevels),
  parentCode: z.string().nullable(),
  createdAt: z.string(),
});
export const sealSchema = z.object({
  fingerprint: z.string(),
  subject: z.string(),
  notAfter: z.string(),
  status: z.enum(['active', 'revoked']),
  registeredAt: z.string(),
  revokedAt: z.string().nullable(),
  certificate: z.string(),
});
export const agencyDetailSchema = agencySchema.extend({ children: z.array(z.string()), seals: z.array(sealSchema) });
export const sealInputSchema = z.object({ certificate: z.string().min(1).describe('PEM certificate') });

/** A person's name or department: printable, 1–50 characters. */
const personText = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[^\p{Cc}]+$/u, 'no control characters');

export const membershipSchema = z.object({ agencyCode: z.string(), role: z.enum(agencyRoles) });
export const userInputSchema = z.object({
  username: z.string().trim().min(2).max(100),
  password: z.string().min(12, 'at least 12 characters').max(1000),
  hubAdmin: z.boolean().optional(),
  memberships: z.array(membershipSchema).default([]),
  name: personText.optional().describe('the name colleagues know the person by, e.g. 王芳'),
  department: personText.optional().describe('the department (处室), e.g. 办公室'),
});
export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  hubAdmin: z.boolean(),
  memberships: z.array(membershipSchema),
  createdAt: z.string(),
  name: z.string().optional(),
  department: z.string().optional(),
});
/** A colleague as the desktop's pickers show them (also a person on a draft). */
export const colleagueSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string().optional(),
  department: z.string().optional(),
});
/** A draft's drafter and co-drafters (协同拟稿). */
export const draftPeopleSchema = z.object({
  documentId: z.string(),
  drafter: colleagueSchema,
  coDrafters: z.array(colleagueSchema),
});

export const sendSchema = z.object({
  envelope: z.string().min(2).describe('the envelope as canonical JSON text, exactly as signed'),
  signature: base64.describe('detached CMS signature over the envelope (DER, base64)'),
  document: base64.describe('the sealed PDF'),
  attachments: z.array(base64).default([]),
});

export const recipientSchema = z.object({
  agency: z.string(),
  state: z.enum(recipientStates),
  updatedAt: z.string(),
  deliveredAt: z.string().nullable(),
  reason: z.string().nullable(),
  hasReceipt: z.boolean(),
});
export const messageSchema = z.object({
  messageId: z.string(),
  sender: z.string(),
  title: z.string(),
  docNumber: z.string(),
  kind: z.string(),
  classification: z.string().nullable(),
  urgency: z.string().nullable(),
  sentAt: z.string(),
  documentSha256: z.string(),
  envelopeSha256: z.string(),
  attachments: z.array(z.object({ index: z.number(), name: z.string(), mediaType: z.string(), sha256: z.string() })),
  recipients: z.array(recipientSchema),
});
export const sendResultSchema = z.object({ duplicate: z.boolean(), message: messageSchema });

export const messageParams = z.object({ id: z.string().min(1).max(128) });
export const inboxQuery = z.object({
  state: z
    .string()
    .optional()
    .describe('comma-separated states; default waiting,delivered')
    .transform((value, ctx) => {
      const states = (value ?? 'waiting,delivered').split(',').map((s) => s.trim());
      for (const state of states) {
        if (!(recipientStates as readonly string[]).includes(state)) {
          ctx.addIssue({ code: 'custom', message: `unknown state ${state}` });
          return z.NEVER;
        }
      }
      return states as Array<(typeof recipientStates)[number]>;
    }),
  after: z.string().optional().describe('page cursor: `<sentAt>|<messageId>` of the last message seen, or an ISO time'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const outboxQuery = z.object({
  before: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const claimSchema = z.object({ limit: z.number().int().min(1).max(100).default(20) });
export const signForSchema = z.object({
  receipt: z.string().min(2).describe('the receipt as canonical JSON text, exactly as signed'),
  signature: base64,
});
export const returnSchema = z.object({ reason: z.string().trim().min(1).max(1000) });
export const recallSchema = z.object({
  recipients: z.array(z.string()).min(1).optional(),
  reason: z.string().trim().min(1).max(1000).optional(),
});
export const receiptsSchema = z.array(z.object({ agency: z.string(), receipt: z.string(), signature: base64 }));
export const envelopeResponseSchema = z.object({ envelope: z.string(), signature: base64 });

export const auditQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});
const auditEntrySchema = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  agencies: z.array(z.string()),
  data: z.record(z.string(), z.unknown()),
});
export const auditPageSchema = z.object({
  head: z.object({ seq: z.number(), hash: z.string() }),
  rows: z.array(
    z.object({
      seq: z.number(),
      entryHash: z.string(),
      prevHash: z.string(),
      hash: z.string(),
      entry: auditEntrySchema.optional(),
    }),
  ),
});
export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  rows: z.number(),
  entriesChecked: z.number(),
  headHash: z.string(),
  problems: z.array(z.record(z.string(), z.unknown())),
});
