import type { z } from 'zod';
import type { LocalizedText } from '../i18n';
import { formatPath } from '../validation/schema-issues';
import { localize, type MessageParams } from './errors';

/** What can be wrong with a workflow definition; codes are stable, docs/workflow.md lists them. */
export const definitionViolationCatalog = {
  WFD_SCHEMA: {
    zh: '流程定义的“{field}”不符合要求：{detail}',
    en: 'The definition\'s "{field}" is not valid: {detail}',
  },
  WFD_STEP_KIND_UNKNOWN: {
    zh: '未知的环节类型“{kind}”，可用类型：{kinds}。',
    en: 'Unknown step kind "{kind}"; the kinds are: {kinds}.',
  },
  WFD_WRONG_DIRECTION: {
    zh: '环节“{kind}”不属于{direction}流程，可用类型：{kinds}。',
    en: 'The step "{kind}" does not belong to an {directionEn} flow; its kinds are: {kinds}.',
  },
  WFD_STEP_ID_DUPLICATE: {
    zh: '环节标识“{id}”重复，请为同类环节另起标识（如“review-2”）。',
    en: 'The step id "{id}" appears twice; give repeated steps their own ids (such as "review-2").',
  },
  WFD_STEP_KIND_REPEATED: {
    zh: '“{name}”环节只能出现一次。',
    en: 'The step "{nameEn}" may appear only once.',
  },
  WFD_FIRST_STEP: {
    zh: '{direction}流程须以“{name}”开始。',
    en: 'An {directionEn} flow starts with "{nameEn}".',
  },
  WFD_STEP_REQUIRED: {
    zh: '{direction}流程必须包含“{name}”环节。',
    en: 'An {directionEn} flow must contain the step "{nameEn}".',
  },
  WFD_STEP_ORDER: {
    zh: '“{before}”须在“{after}”之前。',
    en: '"{beforeEn}" must come before "{afterEn}".',
  },
  WFD_LAST_STEP: {
    zh: '“{name}”须为最后一个环节。',
    en: '"{nameEn}" must be the last step.',
  },
  WFD_ROLE_NOT_PERMITTED: {
    zh: '“{name}”环节不能由{role}办理，可选角色：{roles}。',
    en: 'The step "{nameEn}" cannot be given to the {roleEn}; allowed roles: {rolesEn}.',
  },
  WFD_RETURN_UNKNOWN: {
    zh: '退回目标“{target}”不是本流程的环节。',
    en: 'The return target "{target}" is not a step of this flow.',
  },
  WFD_RETURN_FORWARD: {
    zh: '“{step}”只能退回到它之前的环节，不能退到“{target}”。',
    en: '"{step}" can return only to an earlier step, not to "{target}".',
  },
} as const satisfies Record<string, LocalizedText>;

export type DefinitionViolationCode = keyof typeof definitionViolationCatalog;

/** One problem in a definition: which rule, where (`steps[2].kind`), and what to do. */
export interface DefinitionViolation {
  code: DefinitionViolationCode;
  path: string;
  message: LocalizedText;
}

export function definitionViolation(
  code: DefinitionViolationCode,
  path: string,
  params: MessageParams = {},
): DefinitionViolation {
  return { code, path, message: localize(definitionViolationCatalog[code], params) };
}

/** zod's issues on a definition, as violations. */
export function definitionSchemaViolations(issues: readonly z.core.$ZodIssue[]): DefinitionViolation[] {
  return issues.map((issue) => {
    const field = formatPath(issue.path) || '(root)';
    const detail = issue.code === 'invalid_type' && issue.input === undefined ? 'required / 必填' : issue.message;
    return definitionViolation('WFD_SCHEMA', field, { field, detail });
  });
}
