import { HubClient, type TokenResult } from '@oa/exchange-server';
import { isOaError, type LocalizedText } from '@oa/shared';
import type { AccountView, ParsedInput } from '../../api-contract';
import { desktopError } from '../errors';
import type { Accounts } from './accounts';

/**
 * 联网登录: the person logs in against the hub with their hub user name and password. The hub
 * checks the password; this computer then keeps a local verifier (so the same person can unlock
 * offline later), the session token (sealed by the system key store when there is one) for sync
 * and the drafts' rooms, and takes the hub's user id as the account id on first login, so the
 * person is the same workflow actor on every computer. Name and workflow roles are local (the
 * hub has no record of workflow roles): asked on the first login on a computer, kept afterwards.
 */
export async function loginWithHub(accounts: Accounts, input: ParsedInput<'loginWithHub'>): Promise<AccountView> {
  // The hub first: a wrong address or password is told before anything else is asked.
  const session = await hubLogin(input.hubUrl, input.login, input.password);
  if (session.agency === undefined || !session.subject.startsWith('user:')) throw desktopError('HUB_LOGIN_NO_AGENCY');
  const known = accounts.known(input.login);
  if (known?.hubUserId && known.hubUserId !== session.subject) {
    throw desktopError('HUB_LOGIN_OTHER_PERSON', { login: input.login });
  }
  const displayName = input.displayName ?? known?.displayName;
  const roles = input.roles ?? known?.roles;
  if (displayName === undefined || roles === undefined) throw desktopError('ACCOUNT_PROFILE_REQUIRED');
  return accounts.recordHubLogin({
    login: input.login,
    displayName,
    roles,
    password: input.password,
    hub: { url: input.hubUrl, userId: session.subject, token: session.token, expiresAt: session.expiresAt },
  });
}

async function hubLogin(url: string, login: string, password: string): Promise<TokenResult> {
  try {
    return await new HubClient(url).login(login, password);
  } catch (error) {
    if (!isOaError(error)) throw error;
    if (error.code === 'HUB_UNREACHABLE') throw desktopError('HUB_LOGIN_UNREACHABLE', { url });
    const reason: LocalizedText = error.text;
    throw desktopError('HUB_LOGIN_REFUSED', { reason: reason.zh, reasonEn: reason.en, hubCode: error.code });
  }
}
