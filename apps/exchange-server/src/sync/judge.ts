import {
  defaultIncomingDefinition,
  defaultOutgoingDefinition,
  startWorkflow,
  transition,
  transitionLoaded,
  type LocalizedText,
  type SyncInstanceSnapshot,
  type SyncOp,
  type WorkflowDefinition,
  type WorkflowState,
} from '@oa/shared';
import type { BatchInstance } from './push-batch';

/**
 * The hub's judgement of one op (pure): the same shared state machine the desktop ran, applied
 * to the hub's copy of the instance. The outcome is what the hub stores: accepted with the new
 * instance state / document revision, or rejected with a typed reason the pusher shows.
 */
export type Judgement =
  | { ok: true; instance?: SyncInstanceSnapshot; documentRevision?: number }
  | { ok: false; code: string; reason: LocalizedText };

/** Definitions the hub can replay: the built-in ones (agency definitions are not synced yet). */
const definitions: readonly WorkflowDefinition[] = [defaultOutgoingDefinition, defaultIncomingDefinition];

const refuse = (code: string, reason: LocalizedText): Judgement => ({ ok: false, code, reason });

function commandActorId(command: Record<string, unknown>): unknown {
  const holder = command['kind'] === 'start' ? command['input'] : command['action'];
  const actor = (holder as { actor?: { id?: unknown } } | undefined)?.actor;
  return actor?.id;
}

/**
 * Judges a workflow command on the hub's copy of its instance. A copy `checked` (a state the
 * machine returned earlier in the batch) is not parsed again; one read from storage is.
 */
export function judgeWorkflowCommand(
  op: Extract<SyncOp, { type: 'workflow.command' }>,
  held: BatchInstance | undefined,
): Judgement {
  const current = held?.snapshot;
  const { command } = op;
  if (commandActorId(command) !== op.actorId) {
    return refuse('SYNC_ACTOR_MISMATCH', {
      zh: '操作中的办理人与提交操作的用户不一致。',
      en: 'The person acting in the command is not the user who made the operation.',
    });
  }
  if (command['kind'] === 'start') {
    if (current !== undefined) {
      return refuse('SYNC_INSTANCE_EXISTS', {
        zh: '该流程已由他人启动，不能重复启动。',
        en: 'Someone else already started this flow; it cannot be started twice.',
      });
    }
    const definition = definitions.find(
      (d) => d.id === command['definitionId'] && d.version === command['definitionVersion'],
    );
    if (definition === undefined) {
      return refuse('SYNC_DEFINITION_UNKNOWN', {
        zh: `交换中心不认识流程定义 ${String(command['definitionId'])} v${String(command['definitionVersion'])}。`,
        en: `The hub does not know workflow definition ${String(command['definitionId'])} v${String(command['definitionVersion'])}.`,
      });
    }
    const started = startWorkflow(definition, command['input']);
    if (!started.ok) return refuse(started.error.code, started.error.text);
    return {
      ok: true,
      instance: {
        instanceId: op.instanceId,
        documentId: op.documentId,
        definitionId: definition.id,
        definitionVersion: definition.version,
        version: 1,
        state: started.state,
      },
    };
  }
  if (command['kind'] !== 'action') {
    return refuse('SYNC_COMMAND_UNKNOWN', {
      zh: '无法识别的流程命令。',
      en: 'The workflow command is not one the hub knows.',
    });
  }
  if (current === undefined) {
    return refuse('SYNC_INSTANCE_UNKNOWN', {
      zh: '交换中心没有这个流程（可能其启动已被拒绝）。',
      en: 'The hub has no such flow (its start may have been refused).',
    });
  }
  const definition = definitions.find((d) => d.id === current.definitionId && d.version === current.definitionVersion);
  if (definition === undefined) {
    return refuse('SYNC_DEFINITION_UNKNOWN', {
      zh: `交换中心不认识流程定义 ${current.definitionId}。`,
      en: `The hub does not know workflow definition ${current.definitionId}.`,
    });
  }
  const result = held?.checked
    ? transitionLoaded(definition, current.state as WorkflowState, command['action'])
    : transition(definition, current.state, command['action']);
  if (!result.ok) return refuse(result.error.code, result.error.text);
  return { ok: true, instance: { ...current, version: current.version + 1, state: result.state } };
}

/** A document save must build on the newest revision the hub accepted (two people saving at once). */
export function judgeDocumentSave(revision: number, known: number | undefined): Judgement {
  if (known !== undefined && revision <= known) {
    return refuse('SYNC_DOCUMENT_STALE', {
      zh: `文稿已被他人修改（交换中心为第 ${known} 版，本次保存基于旧版本）；您的内容已保留在冲突中。`,
      en: `Someone else changed the document (the hub has revision ${known}; this save was based on an older one); your text is kept in the conflict.`,
    });
  }
  return { ok: true, documentRevision: revision };
}
