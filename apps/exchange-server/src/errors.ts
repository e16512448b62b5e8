import { OaError, type LocalizedText } from '@oa/shared';

/**
 * The hub's error catalogue: each code with its HTTP status. Handlers throw `hubError(code, …)`;
 * the HTTP layer answers `{ code, message: { zh, en }, details }` with that status.
 */
export const hubErrorStatus = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  TOKEN_EXPIRED: 401,
  BAD_CREDENTIALS: 401,
  CHALLENGE_INVALID: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  DRAFT_NOT_ACCESSIBLE: 404,
  DRAFT_NOT_DRAFTER: 403,
  DRAFT_NOT_COLLEAGUE: 422,
  AGENCY_EXISTS: 409,
  USER_EXISTS: 409,
  SEAL_EXISTS: 409,
  MESSAGE_ID_CONFLICT: 409,
  STATE_CONFLICT: 409,
  INVALID_AGENCY_CODE: 422,
  UNKNOWN_AGENCY: 422,
  UNKNOWN_RECIPIENT: 422,
  SENDER_MISMATCH: 422,
  CONTENT_MISMATCH: 422,
  CLASSIFICATION_TOO_HIGH: 422,
  CERTIFICATE_UNTRUSTED: 422,
  ENVELOPE_SIGNATURE_INVALID: 422,
  SEAL_INVALID: 422,
  SEAL_MISSING: 422,
  SEAL_NOT_REGISTERED: 422,
  SEAL_REVOKED: 422,
  RECEIPT_INVALID: 422,
  PAYLOAD_TOO_LARGE: 413,
  NOT_READY: 503,
  INTERNAL: 500,
} as const;

export type HubErrorCode = keyof typeof hubErrorStatus;

export function hubError(code: HubErrorCode, text: LocalizedText, details?: Record<string, unknown>): OaError {
  return new OaError(code, text, details);
}

export function statusOf(error: OaError): number {
  return (hubErrorStatus as Record<string, number>)[error.code] ?? 400;
}

export function notFound(what: LocalizedText): OaError {
  return hubError('NOT_FOUND', {
    zh: `${what.zh}不存在或无权查看。`,
    en: `${what.en} does not exist or is not visible to you.`,
  });
}

export function forbidden(action: LocalizedText): OaError {
  return hubError('FORBIDDEN', { zh: `无权${action.zh}。`, en: `You are not allowed to ${action.en}.` });
}
