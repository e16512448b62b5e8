import { z } from 'zod';
import { actorSchema, personSchema } from './roles';
import { isoTimeSchema } from './state';

/**
 * What people do to a workflow, as a zod-validated discriminated union. Every action names
 * the step it acts on (so a stale screen is refused, not misapplied), the actor, and the time
 * `at` (the caller's clock: this module never reads one).
 */
const common = {
  stepId: z.string().min(1),
  actor: actorSchema,
  at: isoTimeSchema,
  /** The opinion (意见): approval text, or the reason of a return. */
  opinion: z.string().optional(),
};

const assigneesSchema = z.array(personSchema).min(1);

export const completeActionSchema = z.object({
  type: z.literal('complete'),
  ...common,
  /** 登记 (outgoing): the 发文字号 the register allocated. */
  docNumber: z.string().optional(),
  /** 复核: what changed since sign-off. */
  change: z.enum(['none', 'editorial', 'substantive']).optional(),
  /** 签收: number of copies received. */
  copies: z.number().int().positive().optional(),
  /** 登记 (incoming): 收文编号. */
  registryNumber: z.string().trim().min(1).optional(),
  /** 批办: the lead department (主办部门). */
  leadDepartment: z.string().trim().min(1).optional(),
  /** Who handles the next step and by when (送下一步). */
  next: z.object({ assignees: assigneesSchema.optional(), dueAt: isoTimeSchema.optional() }).optional(),
});

export const returnActionSchema = z.object({
  type: z.literal('return'),
  ...common,
  /** The earlier step to return to. */
  to: z.string().min(1),
});

export const returnToSenderActionSchema = z.object({ type: z.literal('return-to-sender'), ...common });

export const assignActionSchema = z.object({
  type: z.literal('assign'),
  ...common,
  /** The new assignees of the step (the open one, or a later one assigned ahead). */
  assignees: assigneesSchema,
  dueAt: isoTimeSchema.optional(),
});

export const chaseActionSchema = z.object({ type: z.literal('chase'), ...common });

export const workflowActionSchema = z.discriminatedUnion('type', [
  completeActionSchema,
  returnActionSchema,
  returnToSenderActionSchema,
  assignActionSchema,
  chaseActionSchema,
]);

export type WorkflowAction = z.input<typeof workflowActionSchema>;
export type ParsedAction = z.output<typeof workflowActionSchema>;
export type CompleteAction = z.output<typeof completeActionSchema>;
export type WorkflowActionType = ParsedAction['type'];

/** Roles that may chase (催办) an overdue step, besides administrators. */
export const chaserRoles = ['registrar', 'reviewer', 'leader'] as const;
