import {
  availableActions,
  opinionLine,
  opinionsOf,
  pendingTasks,
  startWorkflow,
  transition,
  type Actor,
  type WorkflowDefinition,
  type WorkflowEvent,
} from '@oa/shared';
import type { ParsedInput, WorkflowView } from '../../api-contract';
import type { CoreContext } from '../context';
import { isoNow } from '../context';
import type { DraftBodies } from '../drafts/draft-bodies';
import { takeSnapshot } from '../drafts/revisions';
import { desktopError } from '../errors';
import { readDocument, updateDocumentContent } from '../store/documents';
import { appendOp } from '../store/outbox';
import { defaultDefinitions, resolveDefinition } from './definitions';
import { insertInstance, instancesOfDocument, loadInstance, updateInstance, type InstanceRow } from './instances';

/**
 * The workflow service: the shared state machine (packages/shared/src/workflow) applied to
 * local instances. Every command is one transaction: the new state, the derived task and
 * opinion rows, a revision snapshot of the draft body when a step ends, and the outbox op
 * the hub will replay with the same state machine. Everything works offline.
 */
export class WorkflowService {
  constructor(
    private readonly context: CoreContext,
    private readonly bodies: DraftBodies,
  ) {}

  start(actor: Actor, input: ParsedInput<'startWorkflow'>): WorkflowView {
    const at = isoNow(this.context);
    const id = this.context.newId();
    this.context.db.transaction(() => {
      const document = readDocument(this.context, input.documentId);
      const running = instancesOfDocument(this.context, input.documentId).find(
        (row) => row.status === 'active' && row.direction === input.direction,
      );
      if (running !== undefined) {
        const names = { outgoing: '发文', incoming: '收文' } as const;
        throw desktopError('WORKFLOW_ALREADY_RUNNING', {
          direction: names[input.direction],
          directionEn: input.direction,
        });
      }
      const definition =
        input.definition === undefined
          ? defaultDefinitions[input.direction]
          : resolveDefinition(this.context, input.definition.id, input.definition.version);
      const startInput = {
        actor,
        at,
        ...(input.assignees === undefined ? {} : { assignees: input.assignees }),
        ...(input.dueAt === undefined ? {} : { dueAt: input.dueAt }),
        ...(input.opinion === undefined ? {} : { opinion: input.opinion }),
      };
      const result = startWorkflow(definition, startInput);
      if (!result.ok) throw result.error;
      insertInstance(this.context, {
        id,
        documentId: document.id,
        definition,
        state: result.state,
        startedBy: actor.id,
      });
      this.queue(actor, id, document.id, 0, {
        kind: 'start',
        definitionId: definition.id,
        definitionVersion: definition.version,
        input: startInput,
      });
    })();
    return this.view(actor, id);
  }

  act(actor: Actor, input: ParsedInput<'actOnWorkflow'>): WorkflowView {
    this.context.db.transaction(() => {
      const { row, state } = loadInstance(this.context, input.instanceId);
      if (input.expectedVersion !== undefined && input.expectedVersion !== row.version) {
        throw desktopError('WORKFLOW_STALE', { current: row.version, given: input.expectedVersion });
      }
      const definition = resolveDefinition(this.context, row.definition_id, row.definition_version);
      const action = { ...input.action, actor, at: isoNow(this.context) };
      const result = transition(definition, state, action);
      if (!result.ok) throw result.error;
      updateInstance(this.context, row.id, definition, state, result.state);
      this.afterEvents(actor, row, definition, result.events);
      this.queue(actor, row.id, row.document_id, row.version, { kind: 'action', action });
    })();
    return this.view(actor, input.instanceId);
  }

  view(actor: Actor, instanceId: string): WorkflowView {
    const { row, state } = loadInstance(this.context, instanceId);
    const definition = resolveDefinition(this.context, row.definition_id, row.definition_version);
    const now = isoNow(this.context);
    return {
      id: row.id,
      documentId: row.document_id,
      title: readDocument(this.context, row.document_id).title,
      direction: row.direction,
      definitionId: row.definition_id,
      definitionVersion: row.definition_version,
      status: state.status,
      currentStepId: state.currentStepId,
      version: row.version,
      state,
      tasks: pendingTasks(definition, state, now),
      actions: availableActions(definition, state, actor, now),
      opinions: opinionsOf(state).map((entry) => ({ entry, line: opinionLine(entry) })),
    };
  }

  forDocument(actor: Actor, documentId: string): WorkflowView[] {
    readDocument(this.context, documentId);
    return instancesOfDocument(this.context, documentId).map((row) => this.view(actor, row.id));
  }

  /** Side effects of what happened: 发文字号 into the document, snapshots when steps end. */
  private afterEvents(actor: Actor, row: InstanceRow, definition: WorkflowDefinition, events: WorkflowEvent[]): void {
    for (const event of events) {
      if (event.type === 'doc-number-registered') this.setDocNumber(actor, row.document_id, event.docNumber);
    }
    const document = readDocument(this.context, row.document_id);
    if (row.direction !== 'outgoing' || document.stage !== 'draft') return;
    const stepName = (stepId: string) => definition.steps.find((step) => step.id === stepId)?.name.zh ?? stepId;
    for (const event of events) {
      const label =
        event.type === 'step-completed'
          ? stepName(event.stepId)
          : event.type === 'returned'
            ? `${stepName(event.from)}退回${stepName(event.to)}`
            : undefined;
      if (label === undefined) continue;
      const stepId =
        event.type === 'step-completed' ? event.stepId : event.type === 'returned' ? event.from : undefined;
      takeSnapshot(this.context, this.bodies, { documentId: row.document_id, label, stepId, person: actor });
    }
  }

  private setDocNumber(actor: Actor, documentId: string, docNumber: string): void {
    const { document } = readDocument(this.context, documentId);
    const revision = updateDocumentContent(
      this.context,
      documentId,
      { ...document, docNumber },
      isoNow(this.context),
      true,
    );
    appendOp(this.context, {
      type: 'document.save',
      actorId: actor.id,
      documentId,
      revision,
      document: readDocument(this.context, documentId).document,
    });
  }

  private queue(
    actor: Actor,
    instanceId: string,
    documentId: string,
    baseVersion: number,
    command: Record<string, unknown>,
  ) {
    appendOp(this.context, {
      type: 'workflow.command',
      actorId: actor.id,
      instanceId,
      documentId,
      baseVersion,
      command: JSON.parse(JSON.stringify(command)) as Record<string, unknown>,
    });
  }
}
