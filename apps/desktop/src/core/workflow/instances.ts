import {
  pendingTasks,
  workflowStateSchema,
  type WorkflowDefinition,
  type WorkflowDirection,
  type WorkflowState,
} from '@oa/shared';
import type { CoreContext } from '../context';
import { desktopError } from '../errors';

/**
 * Workflow instances in the local store: the state machine's state as JSON (the truth), plus
 * two derived tables rewritten in the same transaction: the open step's tasks (待办 / 待阅)
 * and the handling record's entries (已办, opinions).
 */
export interface InstanceRow {
  id: string;
  document_id: string;
  direction: WorkflowDirection;
  definition_id: string;
  definition_version: number;
  status: string;
  current_step_id: string | null;
  state: string;
  version: number;
  started_by: string;
  started_at: string;
  updated_at: string;
}

export function loadInstance(context: CoreContext, id: string): { row: InstanceRow; state: WorkflowState } {
  const row = context.db.prepare('SELECT * FROM workflow_instances WHERE id = ?').get(id) as InstanceRow | undefined;
  if (row === undefined) throw desktopError('WORKFLOW_NOT_FOUND', { id });
  return { row, state: workflowStateSchema.parse(JSON.parse(row.state)) };
}

export function instancesOfDocument(context: CoreContext, documentId: string): InstanceRow[] {
  return context.db
    .prepare('SELECT * FROM workflow_instances WHERE document_id = ? ORDER BY started_at, rowid')
    .all(documentId) as InstanceRow[];
}

export function insertInstance(
  context: CoreContext,
  row: { id: string; documentId: string; definition: WorkflowDefinition; state: WorkflowState; startedBy: string },
): void {
  context.db
    .prepare(
      `INSERT INTO workflow_instances (id, document_id, direction, definition_id, definition_version, status,
         current_step_id, state, version, started_by, started_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
    )
    .run(
      row.id,
      row.documentId,
      row.definition.direction,
      row.definition.id,
      row.definition.version,
      row.state.status,
      row.state.currentStepId,
      JSON.stringify(row.state),
      row.startedBy,
      row.state.startedAt,
      row.state.updatedAt,
    );
  writeDerived(context, row.id, row.definition, row.state, 0);
}

export function updateInstance(
  context: CoreContext,
  id: string,
  definition: WorkflowDefinition,
  previous: WorkflowState,
  state: WorkflowState,
): void {
  context.db
    .prepare(
      `UPDATE workflow_instances SET status = ?, current_step_id = ?, state = ?, version = version + 1, updated_at = ?
       WHERE id = ?`,
    )
    .run(state.status, state.currentStepId, JSON.stringify(state), state.updatedAt, id);
  writeDerived(context, id, definition, state, previous.history.length);
}

function utc(time: string | undefined): string | null {
  return time === undefined ? null : new Date(time).toISOString();
}

function writeDerived(
  context: CoreContext,
  id: string,
  definition: WorkflowDefinition,
  state: WorkflowState,
  knownHistory: number,
): void {
  context.db.prepare('DELETE FROM workflow_tasks WHERE instance_id = ?').run(id);
  const insertTask = context.db.prepare(
    `INSERT INTO workflow_tasks (instance_id, step_id, step_kind, person_id, person_name, roles, due_at, opened_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const task of pendingTasks(definition, state)) {
    const people = task.pending.length > 0 ? task.pending : [null];
    for (const person of people) {
      insertTask.run(
        id,
        task.stepId,
        task.kind,
        person?.id ?? null,
        person?.name ?? null,
        JSON.stringify(task.roles),
        utc(task.dueAt),
        utc(task.openedAt),
      );
    }
  }
  const insertOpinion = context.db.prepare(
    `INSERT INTO workflow_opinions (instance_id, seq, step_id, action, actor_id, actor_name, role, text, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const entry of state.history.slice(knownHistory)) {
    insertOpinion.run(
      id,
      entry.seq,
      entry.stepId,
      entry.action,
      entry.actor.id,
      entry.actor.name,
      entry.role,
      entry.text,
      utc(entry.at),
    );
  }
}

/**
 * Replaces the local copy of an instance by the hub's (the authority), with its derived task
 * and opinion rows; creates it when this device has not seen it yet.
 */
export function replaceInstance(
  context: CoreContext,
  row: { id: string; documentId: string; definition: WorkflowDefinition; state: WorkflowState; version: number },
): void {
  const { id, definition, state } = row;
  context.db.prepare('DELETE FROM workflow_opinions WHERE instance_id = ?').run(id);
  const startedBy = state.history[0]?.actor.id ?? 'unknown';
  const changed = context.db
    .prepare(
      `UPDATE workflow_instances SET status = ?, current_step_id = ?, state = ?, version = ?, updated_at = ? WHERE id = ?`,
    )
    .run(state.status, state.currentStepId, JSON.stringify(state), row.version, state.updatedAt, id).changes;
  if (changed === 0) {
    context.db
      .prepare(
        `INSERT INTO workflow_instances (id, document_id, direction, definition_id, definition_version, status,
           current_step_id, state, version, started_by, started_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        row.documentId,
        definition.direction,
        definition.id,
        definition.version,
        state.status,
        state.currentStepId,
        JSON.stringify(state),
        row.version,
        startedBy,
        state.startedAt,
        state.updatedAt,
      );
  }
  writeDerived(context, id, definition, state, 0);
}

/** Removes an instance the hub does not have (its start was refused). */
export function deleteInstance(context: CoreContext, id: string): void {
  context.db.prepare('DELETE FROM workflow_instances WHERE id = ?').run(id);
}
