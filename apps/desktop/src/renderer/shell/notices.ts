import type { IncomingMessageView, TaskListItem } from '../../api-contract';

/** A desktop notification to show (系统通知). */
export interface Notice {
  /** Stable per thing and occasion, so one thing is announced once (also across restarts). */
  key: string;
  kind: 'arrival' | 'overdue';
  title: string;
  body: string;
  /** What to open when the notice is clicked. */
  documentId: string | null;
}

export interface NoticeTexts {
  arrival: (sender: string) => string;
  overdue: (step: string) => string;
  stepName: (task: TaskListItem) => string;
}

/**
 * What to announce now: arrivals still to sign for (待签收) and overdue tasks (催办 / 超期) not
 * announced before. An overdue task is announced again on a later day while it stays overdue;
 * an arrival once. `seen` holds the keys already announced.
 */
export function dueNotices(
  seen: ReadonlySet<string>,
  incoming: readonly IncomingMessageView[],
  tasks: readonly TaskListItem[],
  today: string,
  texts: NoticeTexts,
): Notice[] {
  const notices: Notice[] = [];
  for (const message of incoming) {
    if (message.state !== 'delivered' && message.state !== 'waiting') continue;
    const key = `arrival:${message.messageId}`;
    if (seen.has(key)) continue;
    notices.push({
      key,
      kind: 'arrival',
      title: texts.arrival(message.senderName),
      body: `${message.docNumber} ${message.title}`.trim(),
      documentId: message.documentId,
    });
  }
  for (const task of tasks) {
    if (!task.overdue) continue;
    const key = `overdue:${task.instanceId}:${task.stepId ?? ''}:${today}`;
    if (seen.has(key)) continue;
    notices.push({
      key,
      kind: 'overdue',
      title: texts.overdue(texts.stepName(task)),
      body: task.title,
      documentId: task.documentId,
    });
  }
  return notices;
}

/** Keeps the newest `limit` keys (the seen set is stored; it must not grow without end). */
export function trimSeen(keys: readonly string[], limit = 500): string[] {
  return keys.slice(Math.max(0, keys.length - limit));
}
