import { pendingTasks, type Actor, type WorkflowState } from '@oa/shared';
import type { TaskBox, TaskListItem } from '../../api-contract';
import type { CoreContext } from '../context';
import { isoNow } from '../context';
import { resolveDefinition } from './definitions';

/**
 * The lists a person works from: 待办 (steps waiting for them), 待阅 (documents circulated
 * to them, 传阅), 已办 (flows they acted on), 我起草的 (outgoing flows they started), and
 * 超期 (open steps past their due date: what can be chased, 催办).
 */
const circulateKind = 'circulate';

interface ListRow {
  instance_id: string;
  document_id: string;
  title: string;
  direction: TaskListItem['direction'];
  status: TaskListItem['status'];
  definition_id: string;
  definition_version: number;
  state: string;
  updated_at: string;
}

const columns = `i.id AS instance_id, i.document_id, d.title, i.direction, i.status, i.definition_id, i.definition_version, i.state,
  i.updated_at`;

/** Tasks of the open step held by the actor, or open to anyone holding one of its roles. */
const mine = `(t.person_id = @me OR (t.person_id IS NULL AND EXISTS
  (SELECT 1 FROM json_each(t.roles) r WHERE r.value IN (SELECT value FROM json_each(@roles)))))`;

/**
 * 待办: the page is chosen from the task rows and a covering index of the instances' recency
 * (no instance state is read), then only its rows are fetched: a person with hundreds of open
 * tasks gets the first 50 in a few milliseconds (bench/scale.bench.ts).
 */
const todoOrder = 'due_at IS NULL, due_at, updated_at DESC';
const queries: Record<TaskBox, string> = {
  todo: `SELECT ${columns}, p.due_at FROM (
      SELECT t.instance_id, min(t.due_at) AS due_at, r.updated_at
      FROM workflow_tasks t JOIN workflow_instances r INDEXED BY workflow_instances_recency ON r.id = t.instance_id
      WHERE ${mine} AND t.step_kind <> '${circulateKind}'
      GROUP BY t.instance_id ORDER BY ${todoOrder} LIMIT @limit
    ) p JOIN workflow_instances i ON i.id = p.instance_id JOIN documents d ON d.id = i.document_id
    ORDER BY p.${todoOrder.replaceAll(', ', ', p.')}`,
  'to-read': `SELECT DISTINCT ${columns}, t.due_at FROM workflow_tasks t JOIN workflow_instances i ON i.id = t.instance_id
    JOIN documents d ON d.id = i.document_id WHERE ${mine} AND t.step_kind = '${circulateKind}'
    ORDER BY i.updated_at DESC LIMIT @limit`,
  done: `SELECT ${columns}, NULL AS due_at FROM workflow_instances i JOIN documents d ON d.id = i.document_id
    JOIN (SELECT instance_id, max(at) AS last FROM workflow_opinions
          WHERE actor_id = @me AND action IN ('complete', 'return', 'return-to-sender') GROUP BY instance_id) o
      ON o.instance_id = i.id
    ORDER BY o.last DESC LIMIT @limit`,
  drafted: `SELECT ${columns}, NULL AS due_at FROM workflow_instances i JOIN documents d ON d.id = i.document_id
    WHERE i.started_by = @me AND i.direction = 'outgoing' ORDER BY i.started_at DESC LIMIT @limit`,
  overdue: `SELECT DISTINCT ${columns}, t.due_at FROM workflow_tasks t JOIN workflow_instances i ON i.id = t.instance_id
    JOIN documents d ON d.id = i.document_id WHERE t.due_at IS NOT NULL AND t.due_at < @now
    ORDER BY t.due_at LIMIT @limit`,
};

export function listTasks(context: CoreContext, actor: Actor, box: TaskBox, limit: number): TaskListItem[] {
  const now = isoNow(context);
  const rows = context.db
    .prepare(queries[box])
    .all({ me: actor.id, roles: JSON.stringify(actor.roles), now, limit }) as ListRow[];
  return rows.map((row) => {
    const definition = resolveDefinition(context, row.definition_id, row.definition_version);
    // The state was validated when it was written (by the service, or adopted from the hub with
    // its schema); a list page only reads it, so it is not parsed by zod again (50 rows: ~10 ms).
    const [task] = pendingTasks(definition, JSON.parse(row.state) as WorkflowState, now);
    return {
      instanceId: row.instance_id,
      documentId: row.document_id,
      title: row.title,
      direction: row.direction,
      status: row.status,
      stepId: task?.stepId ?? null,
      stepName: task?.name ?? null,
      pending: task?.pending ?? [],
      dueAt: task?.dueAt ?? null,
      overdue: task?.overdue ?? false,
      updatedAt: row.updated_at,
    };
  });
}
