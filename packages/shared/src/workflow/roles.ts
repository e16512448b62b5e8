import { z } from 'zod';
import type { LocalizedText } from '../i18n';

/**
 * The roles a person can hold in a workflow (one person often holds several: an office
 * director is reviewer and registrar). Steps name the roles that may act on them.
 */
export const workflowRoles = [
  'drafter' /* 拟稿人 / 承办人: staff who draft outgoing and handle incoming documents */,
  'reviewer' /* 核稿人: office or department head who checks drafts, reviews incoming */,
  'countersigner' /* 会签人: another department or agency that must agree */,
  'leader' /* 签发人 / 批办领导: signs off outgoing and instructs on incoming documents */,
  'registrar' /* 文书 / 登记员: signs for, registers, numbers, seals and dispatches */,
  'records-officer' /* 档案员: archives (归档) */,
  'admin' /* 管理员: reassigns and chases; never acts on a step in someone's place */,
] as const;

export type WorkflowRole = (typeof workflowRoles)[number];

export const workflowRoleSchema = z.enum(workflowRoles);

export const workflowRoleNames: Record<WorkflowRole, LocalizedText> = {
  drafter: { zh: '拟稿人', en: 'drafter' },
  reviewer: { zh: '核稿人', en: 'reviewer' },
  countersigner: { zh: '会签人', en: 'countersigner' },
  leader: { zh: '领导', en: 'leader' },
  registrar: { zh: '文书', en: 'registrar' },
  'records-officer': { zh: '档案员', en: 'records officer' },
  admin: { zh: '管理员', en: 'administrator' },
};

const nonEmptyText = z.string().trim().min(1);

/** A person named in a workflow: a stable id and the name shown in 流转记录. */
export const personSchema = z.object({ id: nonEmptyText, name: nonEmptyText });
export type Person = z.infer<typeof personSchema>;

/** The person acting, with every role they hold. */
export const actorSchema = personSchema.extend({ roles: z.array(workflowRoleSchema).min(1) });
export type Actor = z.infer<typeof actorSchema>;

/** `领导、文书` / `leader, registrar`. */
export function roleList(roles: readonly WorkflowRole[]): LocalizedText {
  return {
    zh: roles.map((role) => workflowRoleNames[role].zh).join('、'),
    en: roles.map((role) => workflowRoleNames[role].en).join(', '),
  };
}
