import { z } from 'zod';
import { localizedTextSchema } from './definition';
import { personSchema, workflowRoleSchema } from './roles';

/**
 * The state of one document's workflow: JSON-serialisable and zod-checked, because it is
 * stored locally, synced through the hub and re-read on every transition.
 */
export const isoTimeSchema = z.iso.datetime({ offset: true });

export const stepStatuses = ['waiting' /* not reached */, 'open' /* current */, 'done'] as const;

export const stepStateSchema = z.object({
  status: z.enum(stepStatuses),
  /** Who must act (parallel) or may act (single; empty: anyone holding a role of the step). */
  assignees: z.array(personSchema),
  /** Who has completed the step in its current round (parallel steps fill up one by one). */
  actedBy: z.array(personSchema),
  dueAt: isoTimeSchema.optional(),
  openedAt: isoTimeSchema.optional(),
  /** How many times the step has been opened (returns open it again). */
  round: z.number().int().nonnegative(),
});
export type StepState = z.infer<typeof stepStateSchema>;

export const historyActions = [
  'start',
  'complete' /* 办理 / 同意 */,
  'return' /* 退回 to an earlier step */,
  'return-to-sender' /* 退文 to the sending agency */,
  'assign' /* 指定 / 转办 */,
  'chase' /* 催办 */,
] as const;
export type HistoryAction = (typeof historyActions)[number];

/** One opinion (意见) in the handling record (流转记录): who did what, in which role, when. */
export const historyEntrySchema = z.object({
  seq: z.number().int().positive(),
  stepId: z.string().min(1),
  stepName: localizedTextSchema,
  action: z.enum(historyActions),
  actor: personSchema,
  role: workflowRoleSchema,
  /** The opinion or reason as written; empty when none was given (a bare approval). */
  text: z.string(),
  at: isoTimeSchema,
  /** return: the step it went back to. */
  to: z.string().optional(),
  /** assign: the new assignees; chase: who was chased. */
  people: z.array(personSchema).optional(),
  dueAt: isoTimeSchema.optional(),
  docNumber: z.string().optional(),
  change: z.enum(['none', 'editorial', 'substantive']).optional(),
  copies: z.number().int().positive().optional(),
  registryNumber: z.string().optional(),
  leadDepartment: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const workflowStatuses = ['active', 'completed', 'returned' /* 退回来文单位: terminal */] as const;
export type WorkflowStatus = (typeof workflowStatuses)[number];

export const workflowStateSchema = z.object({
  definitionId: z.string().min(1),
  definitionVersion: z.number().int().positive(),
  status: z.enum(workflowStatuses),
  /** The open step; null once the flow is completed or returned. */
  currentStepId: z.string().nullable(),
  steps: z.record(z.string(), stepStateSchema),
  /** 发文字号, once registered (outgoing 登记). */
  docNumber: z.string().optional(),
  /** 收文编号 and 份数 (incoming 登记 and 签收). */
  registryNumber: z.string().optional(),
  copies: z.number().int().positive().optional(),
  /** 主办部门, named at 批办. */
  leadDepartment: z.string().optional(),
  startedAt: isoTimeSchema,
  updatedAt: isoTimeSchema,
  history: z.array(historyEntrySchema),
});
export type WorkflowState = z.infer<typeof workflowStateSchema>;
