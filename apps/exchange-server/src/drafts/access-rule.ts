import type { LocalizedText } from '@oa/shared';
import { z } from 'zod';

/**
 * Who may open a draft (docs/sync.md "Who may open a draft"): the rule as data, pure, with no
 * I/O. The facts come from the hub's storage (`access-store.ts`): the people recorded on the
 * draft and the hub's copy of each workflow instance on it. Everyone concerned is a user of the
 * drafting agency (the facts are read per agency); ids are the session subjects (`user:<id>`),
 * which are the workflow's person ids on every desktop.
 */

/** How a person is recorded on a draft: its drafter (拟稿人) or a co-drafter (协同拟稿人) the drafter invited. */
export const draftRelations = ['drafter', 'co-drafter'] as const;
export type DraftRelation = (typeof draftRelations)[number];

export interface DraftPerson {
  userId: string;
  relation: DraftRelation;
}

/** What one workflow instance on the draft says about access. */
export interface FlowFacts {
  /** Everyone the flow names: assignees of any step (now or earlier), who acted, who was given or chased a task. */
  named: ReadonlySet<string>;
  /** The open step is given to a role rather than to named people (anyone holding the role may take it). */
  openToRole: boolean;
}

export interface DraftFacts {
  people: readonly DraftPerson[];
  flows: readonly FlowFacts[];
}

export type DraftAccessReason = 'drafter' | 'co-drafter' | 'task' | 'role-step';

interface DraftAccessRule {
  reason: DraftAccessReason;
  description: LocalizedText;
  grants: (userId: string, facts: DraftFacts) => boolean;
}

const recordedAs = (relation: DraftRelation) => (userId: string, facts: DraftFacts) =>
  facts.people.some((person) => person.userId === userId && person.relation === relation);

/** The rule, first match wins. Access is never narrowed by a later rule. */
export const draftAccessRules: readonly DraftAccessRule[] = [
  { reason: 'drafter', description: { zh: '拟稿人', en: 'the drafter' }, grants: recordedAs('drafter') },
  {
    reason: 'co-drafter',
    description: { zh: '拟稿人邀请的协同拟稿人', en: 'a co-drafter the drafter invited' },
    grants: recordedAs('co-drafter'),
  },
  {
    reason: 'task',
    description: { zh: '其流程中被指定或办理过的人', en: 'a person its flow assigns or assigned, or who acted on it' },
    grants: (userId, facts) => facts.flows.some((flow) => flow.named.has(userId)),
  },
  {
    reason: 'role-step',
    description: {
      zh: '当前环节按角色交办（未指定具体人员）时本单位的人员',
      en: "the agency's people while the open step is given to a role, not to named people",
    },
    grants: (_userId, facts) => facts.flows.some((flow) => flow.openToRole),
  },
];

/** Why `userId` may open the draft, or undefined: they may not. */
export function draftAccessOf(userId: string, facts: DraftFacts): DraftAccessReason | undefined {
  return draftAccessRules.find((rule) => rule.grants(userId, facts))?.reason;
}

const personRef = z.object({ id: z.string() }).loose();
/** The parts of a stored WorkflowState the rule reads (the state machine wrote it; extra fields are kept out). */
const flowStateSchema = z.object({
  status: z.string(),
  currentStepId: z.string().nullable(),
  steps: z.record(
    z.string(),
    z.object({ status: z.string(), assignees: z.array(personRef), actedBy: z.array(personRef) }).loose(),
  ),
  history: z.array(z.object({ actor: personRef, people: z.array(personRef).optional() }).loose()),
});

/** The parts of a WorkflowState (`@oa/shared`) the rule reads. */
export type FlowState = z.infer<typeof flowStateSchema>;

/** The access facts of a stored workflow state (JSON as `sync_instances.state` holds it), checked first. */
export function flowFacts(state: unknown): FlowFacts {
  const parsed = flowStateSchema.safeParse(state);
  return parsed.success ? flowFactsOf(parsed.data) : { named: new Set(), openToRole: false };
}

/** The access facts of a state the shared state machine just returned (typed: not checked again). */
export function flowFactsOf({ steps, history, status, currentStepId }: FlowState): FlowFacts {
  const named = new Set<string>();
  for (const step of Object.values(steps)) {
    for (const person of [...step.assignees, ...step.actedBy]) named.add(person.id);
  }
  for (const entry of history) {
    named.add(entry.actor.id);
    for (const person of entry.people ?? []) named.add(person.id);
  }
  const open = currentStepId === null ? undefined : steps[currentStepId];
  return { named, openToRole: status === 'active' && open?.status === 'open' && open.assignees.length === 0 };
}

/** The user ids a workflow change newly gives access to (`'*'`: everyone of the agency, a step given to a role). */
export function newlyGranted(
  before: FlowFacts | undefined,
  after: FlowFacts,
  people: readonly DraftPerson[],
): string[] {
  const recorded = new Set(people.map((person) => person.userId));
  const granted = [...after.named].filter((id) => !before?.named.has(id) && !recorded.has(id));
  if (after.openToRole && !before?.openToRole) granted.push(everyone);
  return granted;
}

/** The grant row of a step given to a role: it concerns every user of the agency. */
export const everyone = '*';
