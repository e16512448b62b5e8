import { isOaError } from '@oa/shared';
import type { z } from 'zod';
import { desktopApiContract, isDesktopMethod, type ApiResponse } from '../../api-contract';
import type { DesktopCore } from '../core';
import { desktopError } from '../errors';
import { desktopApi, type DesktopApi } from './table';

/** Where unexpected failures are reported (main's log); never to the caller. */
export type ErrorLog = (method: string, error: unknown) => void;

const defaultLog: ErrorLog = (method, error) => {
  console.error(`[desktop-api] ${method} failed:`, error);
};

function issuesText(issues: z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(input)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Calls one method of the API table with untrusted input, as every transport does: unknown
 * methods and input failing the method's zod schema are refused with typed errors; an
 * OaError from a handler crosses as `{ code, message: { zh, en } }`; anything else becomes
 * API_INTERNAL (logged here, no stack to the caller).
 */
export async function invokeApi(
  core: DesktopCore,
  method: string,
  input: unknown,
  options: { table?: DesktopApi; log?: ErrorLog } = {},
): Promise<ApiResponse> {
  try {
    if (!isDesktopMethod(method)) throw desktopError('API_UNKNOWN_METHOD', { method });
    const parsed = desktopApiContract[method].input.safeParse(input ?? {});
    if (!parsed.success) {
      throw desktopError('API_BAD_INPUT', {
        method,
        issues: issuesText(parsed.error.issues),
        fields: parsed.error.issues.map((issue) => issue.path.join('.')),
      });
    }
    const handler = (options.table ?? desktopApi)[method] as (core: DesktopCore, input: unknown) => unknown;
    const value = await handler(core, parsed.data);
    return { ok: true, value: value ?? null };
  } catch (error) {
    if (isOaError(error)) return { ok: false, error: error.toJSON() };
    (options.log ?? defaultLog)(method, error);
    return { ok: false, error: desktopError('API_INTERNAL').toJSON() };
  }
}
