import { formatChineseDate, type CalendarDate } from '../document/dates';
import type { WorkflowDefinition } from './definition';
import type { Person } from './roles';
import type { HistoryEntry, WorkflowState } from './state';
import { chinaDateOf } from './time';

/**
 * Reading the handling record: the opinions (意见) printed on the 发文稿纸 / 收文处理笺, and
 * the sign-off (签发) that gives a document its 签发人 and 成文日期.
 */
const opinionActions: readonly HistoryEntry['action'][] = ['complete', 'return', 'return-to-sender'];

/** Completions and returns, oldest first; only those of one step when `stepId` is given. */
export function opinionsOf(state: WorkflowState, stepId?: string): HistoryEntry[] {
  return state.history.filter(
    (entry) => opinionActions.includes(entry.action) && (stepId === undefined || entry.stepId === stepId),
  );
}

/** `同意印发。 陈局长 2026年11月23日`; a bare approval reads `圈阅`. */
export function opinionLine(entry: HistoryEntry): string {
  const text = entry.text === '' ? '圈阅' : entry.text;
  return `${text} ${entry.actor.name} ${formatChineseDate(chinaDateOf(entry.at))}`;
}

export interface SignOff {
  leader: Person;
  opinion: string;
  at: string;
  date: CalendarDate;
}

/**
 * The standing sign-offs: leaders who completed a sign-off step in its current round (a return
 * before 签发 voids earlier ones), in order. 成文日期 is the date of the last of them.
 */
export function signOffsOf(definition: WorkflowDefinition, state: WorkflowState): SignOff[] {
  return definition.steps
    .filter((step) => step.kind === 'sign-off' && definition.direction === 'outgoing')
    .flatMap((step) =>
      (state.steps[step.id]?.actedBy ?? []).flatMap((leader) => {
        const entry = state.history.findLast(
          (candidate) =>
            candidate.stepId === step.id && candidate.action === 'complete' && candidate.actor.id === leader.id,
        );
        return entry ? [{ leader, opinion: entry.text, at: entry.at, date: chinaDateOf(entry.at) }] : [];
      }),
    )
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
