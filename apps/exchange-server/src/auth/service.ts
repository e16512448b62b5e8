import { randomBytes } from 'node:crypto';
import { hubError } from '../errors';
import { sealRefusal } from '../seal/seal-policy';
import type { SealVerifier } from '../seal/verifier';
import type { HubStore } from '../storage/store';
import { hashPassword, verifyPassword } from './passwords';
import type { AgencyRole } from './roles';
import type { Principal, TokenService } from './tokens';

/** How long an agency system has to sign a login challenge. */
export const challengeTtlMs = 2 * 60 * 1000;

/** The bytes an agency system signs to log in: bound to the hub's purpose, the agency and the nonce. */
export function challengeText(agency: string, nonce: string): string {
  return `oa-hub-login:${agency}:${nonce}`;
}

const badCredentials = () =>
  hubError('BAD_CREDENTIALS', { zh: '用户名或密码错误。', en: 'Wrong username or password.' });

export class AuthService {
  constructor(
    private readonly store: HubStore,
    private readonly tokens: TokenService,
    private readonly verifier: SealVerifier,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Password login; `agency` picks one when the user belongs to several. */
  async login(input: { username: string; password: string; agency?: string | undefined }) {
    const user = await this.store.userByName(input.username);
    // A missing user costs the same as a wrong password, so names cannot be probed by timing.
    const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash()));
    if (!user || !ok) throw badCredentials();
    const agencies = [...new Set(user.memberships.map((m) => m.agencyCode))];
    const agency = input.agency ?? (agencies.length === 1 ? agencies[0] : undefined);
    if (input.agency !== undefined && !agencies.includes(input.agency)) {
      throw hubError('FORBIDDEN', {
        zh: `用户 ${user.username} 不属于单位 ${input.agency}。`,
        en: `User ${user.username} does not belong to agency ${input.agency}.`,
      });
    }
    if (agency === undefined && !user.hubAdmin) {
      throw hubError('BAD_REQUEST', {
        zh: `用户 ${user.username} 属于多个单位，请指定登录单位。`,
        en: `User ${user.username} belongs to several agencies; say which one to log in for.`,
      });
    }
    const roles: AgencyRole[] = user.memberships.filter((m) => m.agencyCode === agency).map((m) => m.role);
    const principal: Principal = {
      sub: `user:${user.id}`,
      roles,
      hubAdmin: user.hubAdmin,
      ...(agency === undefined ? {} : { agency }),
    };
    return { ...(await this.tokens.issue(principal)), principal, username: user.username };
  }

  async challenge(agency: string): Promise<{ nonce: string; challenge: string; expiresAt: string }> {
    if (!(await this.store.getAgency(agency))) {
      throw hubError('UNKNOWN_AGENCY', { zh: `单位 ${agency} 未登记。`, en: `Agency ${agency} is not registered.` });
    }
    const nonce = randomBytes(24).toString('base64url');
    const expiresAt = new Date(this.clock().getTime() + challengeTtlMs).toISOString();
    await this.store.createChallenge(nonce, agency, expiresAt);
    return { nonce, challenge: challengeText(agency, nonce), expiresAt };
  }

  /** Agency-system login: a detached CMS signature over the challenge with a registered seal key. */
  async agencyLogin(input: { agency: string; nonce: string; signature: Uint8Array }) {
    const invalid = (reason: { zh: string; en: string }) =>
      hubError('CHALLENGE_INVALID', { zh: `单位系统登录失败：${reason.zh}`, en: `Agency login failed: ${reason.en}` });
    const check = await this.verifier.verifyDetached(
      new TextEncoder().encode(challengeText(input.agency, input.nonce)),
      input.signature,
    );
    if (!check.ok)
      throw invalid({ zh: `签名无效（${check.problem}）。`, en: `the signature is not valid (${check.problem}).` });
    const refusal = sealRefusal(check.signer, input.agency, await this.store.sealsOf(input.agency), {
      zh: '登录签名',
      en: 'login signature',
    });
    if (refusal) throw refusal;
    if (!(await this.store.consumeChallenge(input.nonce, input.agency, this.clock().toISOString()))) {
      throw invalid({ zh: '挑战码不存在、已使用或已过期。', en: 'the challenge is unknown, used or expired.' });
    }
    const principal: Principal = {
      sub: `agency:${input.agency}`,
      agency: input.agency,
      roles: ['system'],
      hubAdmin: false,
    };
    return { ...(await this.tokens.issue(principal)), principal };
  }
}

let dummy: Promise<string> | undefined;
async function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}
