import { z } from 'zod';
import type { LocalizedText } from '../i18n';
import { directionRules } from './definition-rules';
import { definitionSchemaViolations, definitionViolation, type DefinitionViolation } from './definition-violations';
import { bilingual } from './errors';
import { roleList, workflowRoleNames, workflowRoleSchema, type WorkflowRole } from './roles';
import { stepKindOf, stepTables, workflowDirections, type StepMode, type WorkflowDirection } from './steps';

/**
 * Workflow definitions as data: a direction and an ordered list of steps, each of a known
 * kind (steps.ts). Agencies write their own in JSON; `validateWorkflowDefinition` checks
 * and normalises them, and only its output runs on the state machine.
 */
export const workflowIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,63}$/, 'lower-case letters, digits and "-", starting with a letter');

export const localizedTextSchema = z.object({ zh: z.string().trim().min(1), en: z.string().trim().min(1) });

export const workflowStepInputSchema = z.object({
  /** A kind of steps.ts for the definition's direction, e.g. `countersign`. */
  kind: z.string().trim().min(1),
  /** Unique within the definition; defaults to the kind. */
  id: workflowIdSchema.optional(),
  /** Shown instead of the kind's name, e.g. `{ zh: '部门核稿', en: 'department review' }`. */
  name: localizedTextSchema.optional(),
  /** Who may act; defaults to the kind's roles and must be among its permitted roles. */
  roles: z.array(workflowRoleSchema).min(1).optional(),
  /** Ids of earlier steps this step may return to; defaults from the kind's return targets. */
  returnTo: z.array(workflowIdSchema).optional(),
  /** Days from the step's opening until it is due (催办 becomes possible after that). */
  dueDays: z.number().int().positive().max(366).optional(),
});
export type WorkflowStepInput = z.input<typeof workflowStepInputSchema>;

export const workflowDefinitionInputSchema = z.object({
  id: workflowIdSchema,
  version: z.number().int().positive().default(1),
  name: localizedTextSchema,
  direction: z.enum(workflowDirections),
  steps: z.array(workflowStepInputSchema).min(1),
});
export type WorkflowDefinitionInput = z.input<typeof workflowDefinitionInputSchema>;

/** A step as the state machine sees it: every default filled in. */
export interface WorkflowStep {
  id: string;
  kind: string;
  name: LocalizedText;
  mode: StepMode;
  roles: WorkflowRole[];
  returnTo: string[];
  dueDays?: number;
}

declare const validated: unique symbol;

/** A definition that passed `validateWorkflowDefinition` (normalised, JSON-serialisable). */
export interface WorkflowDefinition {
  readonly [validated]: true;
  id: string;
  version: number;
  name: LocalizedText;
  direction: WorkflowDirection;
  steps: WorkflowStep[];
}

export type DefinitionValidation =
  { ok: true; definition: WorkflowDefinition; violations: [] } | { ok: false; violations: DefinitionViolation[] };

const directionNames: Record<WorkflowDirection, LocalizedText> = {
  outgoing: { zh: '发文', en: 'outgoing' },
  incoming: { zh: '收文', en: 'incoming' },
};

function kindName(direction: WorkflowDirection, kind: string): LocalizedText {
  return stepKindOf(direction, kind)?.name ?? { zh: kind, en: kind };
}

/** Checks an agency's definition and returns it normalised, or every violation at once. */
export function validateWorkflowDefinition(input: unknown): DefinitionValidation {
  const parsed = workflowDefinitionInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, violations: definitionSchemaViolations(parsed.error.issues) };
  const { direction, steps: inputs } = parsed.data;
  const violations: DefinitionViolation[] = [];
  const kinds = Object.keys(stepTables[direction]).join(', ');
  const otherDirection: WorkflowDirection = direction === 'outgoing' ? 'incoming' : 'outgoing';

  inputs.forEach((step, index) => {
    if (stepKindOf(direction, step.kind)) return;
    const path = `steps[${index}].kind`;
    violations.push(
      stepKindOf(otherDirection, step.kind)
        ? definitionViolation('WFD_WRONG_DIRECTION', path, {
            kind: step.kind,
            kinds,
            ...bilingual('direction', directionNames[direction]),
          })
        : definitionViolation('WFD_STEP_KIND_UNKNOWN', path, { kind: step.kind, kinds }),
    );
  });
  if (violations.length > 0) return { ok: false, violations };

  const steps = normalizeSteps(direction, inputs);
  violations.push(...checkIdsAndRepeats(direction, steps), ...checkOrder(direction, steps));
  violations.push(...checkRoles(direction, inputs), ...checkReturns(inputs, steps));
  if (violations.length > 0) return { ok: false, violations };
  const definition = { ...parsed.data, steps } as unknown as WorkflowDefinition;
  return { ok: true, definition, violations: [] };
}

function normalizeSteps(
  direction: WorkflowDirection,
  inputs: z.output<typeof workflowStepInputSchema>[],
): WorkflowStep[] {
  return inputs.map((input, index) => {
    const kind = stepKindOf(direction, input.kind)!;
    const earlier = inputs.slice(0, index);
    const returnTo =
      input.returnTo ??
      earlier
        .filter((step) => kind.returnTargets.some((target) => target === step.kind))
        .map((step) => step.id ?? step.kind);
    return {
      id: input.id ?? input.kind,
      kind: input.kind,
      name: input.name ?? kind.name,
      mode: kind.mode,
      roles: [...new Set(input.roles ?? kind.roles)],
      returnTo: [...new Set(returnTo)],
      ...(input.dueDays === undefined ? {} : { dueDays: input.dueDays }),
    };
  });
}

function checkIdsAndRepeats(direction: WorkflowDirection, steps: WorkflowStep[]): DefinitionViolation[] {
  const violations: DefinitionViolation[] = [];
  const seenIds = new Set<string>();
  const seenKinds = new Set<string>();
  steps.forEach((step, index) => {
    if (seenIds.has(step.id))
      violations.push(definitionViolation('WFD_STEP_ID_DUPLICATE', `steps[${index}].id`, { id: step.id }));
    else if (seenKinds.has(step.kind) && !stepKindOf(direction, step.kind)!.repeatable) {
      violations.push(
        definitionViolation('WFD_STEP_KIND_REPEATED', `steps[${index}].kind`, bilingual('name', step.name)),
      );
    }
    seenIds.add(step.id);
    seenKinds.add(step.kind);
  });
  return violations;
}

function checkOrder(direction: WorkflowDirection, steps: WorkflowStep[]): DefinitionViolation[] {
  const rules = directionRules[direction];
  const violations: DefinitionViolation[] = [];
  const named = (key: string, kind: string) => bilingual(key, kindName(direction, kind));
  const where = bilingual('direction', directionNames[direction]);
  if (steps[0]?.kind !== rules.first) {
    violations.push(
      definitionViolation('WFD_FIRST_STEP', 'steps[0].kind', { ...where, ...named('name', rules.first) }),
    );
  }
  for (const kind of rules.required) {
    if (!steps.some((step) => step.kind === kind)) {
      violations.push(definitionViolation('WFD_STEP_REQUIRED', 'steps', { ...where, ...named('name', kind) }));
    }
  }
  const lastIndex = steps.findIndex((step) => step.kind === rules.last);
  if (lastIndex >= 0 && lastIndex !== steps.length - 1) {
    violations.push(definitionViolation('WFD_LAST_STEP', `steps[${lastIndex}].kind`, named('name', rules.last)));
  }
  for (const [before, after] of rules.before) {
    const lastBefore = steps.findLastIndex((step) => step.kind === before);
    const firstAfter = steps.findIndex((step) => step.kind === after);
    if (lastBefore >= 0 && firstAfter >= 0 && lastBefore > firstAfter) {
      violations.push(
        definitionViolation('WFD_STEP_ORDER', `steps[${lastBefore}].kind`, {
          ...named('before', before),
          ...named('after', after),
        }),
      );
    }
  }
  return violations;
}

function checkRoles(
  direction: WorkflowDirection,
  inputs: z.output<typeof workflowStepInputSchema>[],
): DefinitionViolation[] {
  return inputs.flatMap((input, index) => {
    const kind = stepKindOf(direction, input.kind)!;
    return (input.roles ?? [])
      .filter((role) => !kind.permittedRoles.includes(role))
      .map((role) =>
        definitionViolation('WFD_ROLE_NOT_PERMITTED', `steps[${index}].roles`, {
          ...bilingual('name', input.name ?? kind.name),
          ...bilingual('role', workflowRoleNames[role]),
          ...bilingual('roles', roleList(kind.permittedRoles)),
        }),
      );
  });
}

function checkReturns(
  inputs: z.output<typeof workflowStepInputSchema>[],
  steps: WorkflowStep[],
): DefinitionViolation[] {
  return inputs.flatMap((input, index) =>
    (input.returnTo ?? []).flatMap((target) => {
      const path = `steps[${index}].returnTo`;
      const targetIndex = steps.findIndex((step) => step.id === target);
      if (targetIndex < 0) return [definitionViolation('WFD_RETURN_UNKNOWN', path, { target })];
      if (targetIndex >= index)
        return [definitionViolation('WFD_RETURN_FORWARD', path, { target, step: steps[index]!.id })];
      return [];
    }),
  );
}

/** The step of a definition with this id. */
export function findStep(definition: WorkflowDefinition, stepId: string): WorkflowStep | undefined {
  return definition.steps.find((step) => step.id === stepId);
}
