import { OaError } from '../errors';
import type { LocalizedText } from '../i18n';

/**
 * Every refusal of the state machine, with a stable code and messages that say what to do.
 * Messages take `{name}` placeholders. Codes never change meaning once released;
 * docs/workflow.md lists them.
 */
export const workflowErrorCatalog = {
  WF_INPUT_INVALID: {
    zh: '操作数据不完整或格式不正确：{detail}',
    en: 'The action is incomplete or malformed: {detail}',
  },
  WF_STATE_INVALID: {
    zh: '流程状态数据已损坏，无法继续：{detail}。请联系管理员。',
    en: 'The stored workflow state is damaged and cannot be used: {detail}. Contact an administrator.',
  },
  WF_DEFINITION_MISMATCH: {
    zh: '此流程按“{stateDefinition}”运行，不能用流程定义“{definition}”处理。',
    en: 'This workflow runs on definition "{stateDefinition}", not "{definition}".',
  },
  WF_FLOW_FINISHED: {
    zh: '流程已{status}，不能再办理。',
    en: 'The workflow is already {statusEn}; nothing more can be done on it.',
  },
  WF_STEP_UNKNOWN: {
    zh: '流程中没有“{step}”这一环节。',
    en: 'The workflow has no step "{step}".',
  },
  WF_STEP_MISMATCH: {
    zh: '公文当前在“{current}”环节，不在“{step}”环节，请刷新后再办理。',
    en: 'The document is at "{currentEn}", not at "{stepEn}"; refresh and try again.',
  },
  WF_STEP_CLOSED: {
    zh: '“{step}”环节已办理完毕，不能再指定办理人。',
    en: 'The step "{stepEn}" is already done; its assignees can no longer change.',
  },
  WF_ROLE_NOT_ALLOWED: {
    zh: '“{step}”环节须由{roles}办理，{name}没有相应角色。',
    en: 'The step "{stepEn}" is for {rolesEn}; {name} holds none of these roles.',
  },
  WF_NOT_ASSIGNEE: {
    zh: '“{step}”环节已指定由{assignees}办理，{name}不在其中；如需改由他人办理，请转办。',
    en: 'The step "{stepEn}" is assigned to {assignees}, not to {name}; reassign it first if someone else should act.',
  },
  WF_NOT_ASSIGNED: {
    zh: '“{step}”环节须先指定办理人（如会签部门、传阅人）才能办理。',
    en: 'Assign the people for "{stepEn}" (countersigners, readers) before anyone acts on it.',
  },
  WF_ALREADY_ACTED: {
    zh: '{name}已在“{step}”环节办理过，等待其他人办理。',
    en: '{name} has already acted on "{stepEn}"; it waits for the others.',
  },
  WF_ASSIGN_NOT_ALLOWED: {
    zh: '“{step}”环节的办理人须由{roles}或管理员指定，{name}无权指定。',
    en: 'Only {rolesEn} or an administrator may assign "{stepEn}"; {name} may not.',
  },
  WF_ASSIGNEES_INVALID: {
    zh: '办理人名单有误：{problem}',
    en: 'The list of assignees is wrong: {problemEn}',
  },
  WF_RETURN_TARGET_INVALID: {
    zh: '“{step}”环节只能退回到：{targets}。',
    en: '"{stepEn}" can return only to: {targetsEn}.',
  },
  WF_RETURN_TO_SENDER_NOT_ALLOWED: {
    zh: '“{step}”环节不能退回来文单位；只有签收、初审等环节可以退文。',
    en: 'A document cannot be returned to its sender at "{stepEn}"; only at steps such as sign-for and first review.',
  },
  WF_REASON_REQUIRED: {
    zh: '退回须写明理由。',
    en: 'A return needs a reason; write it in the opinion.',
  },
  WF_OPINION_REQUIRED: {
    zh: '“{step}”环节须填写意见。',
    en: 'The step "{stepEn}" needs an opinion; write it before completing.',
  },
  WF_FIELD_REQUIRED: {
    zh: '“{step}”环节须填写{field}。',
    en: 'The step "{stepEn}" needs {fieldEn}.',
  },
  WF_FIELD_NOT_ACCEPTED: {
    zh: '“{step}”环节不填写{field}。',
    en: 'The step "{stepEn}" does not take {fieldEn}.',
  },
  WF_DOC_NUMBER_INVALID: {
    zh: '发文字号“{value}”格式不正确，应为“机关代字〔年份〕序号号”，如“国办发〔2012〕12号”{suggestion}。',
    en: 'The document number "{value}" is malformed; write agency code, year in 〔〕, serial and 号, e.g. 国办发〔2012〕12号{suggestionEn}.',
  },
  WF_SUBSTANTIVE_CHANGE: {
    zh: '签发后有实质性修改的，应退回签发人重新签发，不能直接复核通过。',
    en: 'A substantive change after sign-off goes back to the signer: return the document to sign-off instead of completing.',
  },
  WF_NO_DUE_DATE: {
    zh: '“{step}”环节没有办理时限，不能催办。',
    en: 'The step "{stepEn}" has no due date, so it cannot be chased.',
  },
  WF_NOT_OVERDUE: {
    zh: '“{step}”环节办理时限为{dueAt}，尚未超期，不能催办。',
    en: 'The step "{stepEn}" is due at {dueAtEn} and not yet overdue, so it cannot be chased.',
  },
  WF_CHASE_NOT_ALLOWED: {
    zh: '催办须由{roles}或管理员进行，{name}无权催办。',
    en: 'Only {rolesEn} or an administrator may chase; {name} may not.',
  },
  WF_DUE_DATE_INVALID: {
    zh: '办理时限{dueAt}早于当前时间{at}，请重新设定。',
    en: 'The due date {dueAtEn} is before the time of the action {atEn}; set a later one.',
  },
  WF_DEFINITION_INVALID: {
    zh: '流程定义不合规（{count}处问题），请先修正：{first}',
    en: 'The workflow definition has {count} problem(s); fix them first: {firstEn}',
  },
} as const satisfies Record<string, LocalizedText>;

export type WorkflowErrorCode = keyof typeof workflowErrorCatalog;

export type MessageParams = Record<string, string | number>;

/** Fills `{name}` placeholders; unknown names stay as they are. */
export function fillTemplate(template: string, params: MessageParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A catalog text with its placeholders filled, in both languages. */
export function localize(text: LocalizedText, params: MessageParams): LocalizedText {
  return { zh: fillTemplate(text.zh, params), en: fillTemplate(text.en, params) };
}

/** A refused transition: a stable code, a message for people, and the facts behind it. */
export class WorkflowError extends OaError {
  declare readonly code: WorkflowErrorCode;

  constructor(code: WorkflowErrorCode, params: MessageParams = {}, details?: Record<string, unknown>) {
    super(code, localize(workflowErrorCatalog[code], params), details);
    this.name = 'WorkflowError';
  }
}

/** Parameters for naming a thing in both languages: `{key}` in Chinese, `{keyEn}` in English. */
export function bilingual(key: string, text: LocalizedText): MessageParams {
  return { [key]: text.zh, [`${key}En`]: text.en };
}
