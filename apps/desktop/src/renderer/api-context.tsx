import { isOaError, type LocalizedText } from '@oa/shared';
import { createContext, useContext } from 'react';
import type { AccountView, ApiClient } from '../api-contract';

/** The typed API client and the signed-in account, for every screen. */
export interface Session {
  api: ApiClient;
  account: AccountView;
}

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === undefined) throw new Error('useSession outside a signed-in shell');
  return session;
}

/** An error as people see it: the core's typed message, or a generic one. */
export function errorText(error: unknown): LocalizedText {
  if (isOaError(error)) return error.text;
  return { zh: '操作未完成，请重试', en: 'The operation did not complete; try again' };
}

/** Whether a failed call failed with this error code. */
export function isApiError(error: unknown, code: string): boolean {
  return isOaError(error) && error.code === code;
}

/** The violations a DOC_INVALID error carries (path → message), for showing at the fields. */
export function errorItems(error: unknown): { path: string; message: LocalizedText }[] {
  if (!isOaError(error)) return [];
  const items = error.details?.items;
  return Array.isArray(items) ? (items as { path: string; message: LocalizedText }[]) : [];
}
