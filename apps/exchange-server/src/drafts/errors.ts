import type { OaError } from '@oa/shared';
import { hubError } from '../errors';

/**
 * The refusals about drafts. A person who may not open a draft is answered exactly as for a draft
 * that does not exist (HTTP 404, room close 4403, a rejected op), so nobody learns that a
 * colleague's or another agency's draft exists.
 */
export const draftNoAccess = {
  code: 'DRAFT_NOT_ACCESSIBLE',
  text: {
    zh: '文稿不存在，或您无权打开（只有拟稿人、拟稿人邀请的协同拟稿人和其流程的办理人可以打开）。',
    en: 'The draft does not exist, or you may not open it (only its drafter, the co-drafters the drafter invited and the people of its flow may).',
  },
} as const;

export const draftNotAccessible = (): OaError => hubError(draftNoAccess.code, draftNoAccess.text);

export const notTheDrafter = (): OaError =>
  hubError('DRAFT_NOT_DRAFTER', {
    zh: '只有拟稿人可以邀请协同拟稿人。',
    en: 'Only the drafter can invite co-drafters.',
  });

export const notColleagues = (ids: readonly string[]): OaError =>
  hubError(
    'DRAFT_NOT_COLLEAGUE',
    {
      zh: `只能邀请本单位的同事协同拟稿：${ids.join('、')} 不是本单位的用户。`,
      en: `Only colleagues of your agency can be invited to co-draft: ${ids.join(', ')} are not users of it.`,
    },
    { userIds: ids },
  );
