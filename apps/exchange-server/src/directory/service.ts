import { randomUUID } from 'node:crypto';
import { checkUscc, isOaError, type UsccProblem } from '@oa/shared';
import { actorId, requireHubAdmin } from '../auth/access';
import { hashPassword } from '../auth/passwords';
import { rolesGrant, type AgencyRole } from '../auth/roles';
import type { Principal } from '../auth/tokens';
import { forbidden, hubError, notFound } from '../errors';
import type { SealVerifier } from '../seal/verifier';
import type { Actor, AgencyRecord, HubStore, SealRecord, UserRecord } from '../storage/store';
import { agencyLevelTable, type AgencyLevel } from './levels';

const usccProblemText: Record<UsccProblem['kind'], { zh: string; en: string }> = {
  length: { zh: '长度应为 18 位', en: 'it must have 18 characters' },
  character: {
    zh: '含有不允许的字符（不使用 I、O、S、V、Z）',
    en: 'it has a character that is not allowed (never I, O, S, V, Z)',
  },
  division: { zh: '第 3–8 位行政区划码应为数字', en: 'characters 3–8 (division code) must be digits' },
  'org-code-check': { zh: '组织机构代码校验位不符', en: 'the organisation code check character is wrong' },
  check: { zh: '校验码不符', en: 'the check character is wrong' },
};

export function checkAgencyCode(code: string): void {
  const problems = checkUscc(code);
  if (problems.length === 0) return;
  const first = problems[0]!;
  throw hubError(
    'INVALID_AGENCY_CODE',
    {
      zh: `统一社会信用代码 ${code} 无效：${usccProblemText[first.kind].zh}。`,
      en: `${code} is not a valid unified social credit code: ${usccProblemText[first.kind].en}.`,
    },
    { problems },
  );
}

export interface SealView {
  fingerprint: string;
  subject: string;
  notAfter: string;
  status: SealRecord['status'];
  registeredAt: string;
  revokedAt: string | null;
  /** The certificate (PEM), so senders can verify receipts themselves. */
  certificate: string;
}

export function toPem(der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${base64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

function sealView(seal: SealRecord): SealView {
  return {
    fingerprint: seal.fingerprint,
    subject: seal.subject,
    notAfter: seal.notAfter,
    status: seal.status,
    registeredAt: seal.registeredAt,
    revokedAt: seal.revokedAt,
    certificate: toPem(seal.certificateDer),
  };
}

export interface UserView {
  id: string;
  username: string;
  hubAdmin: boolean;
  memberships: Array<{ agencyCode: string; role: AgencyRole }>;
  createdAt: string;
  name?: string;
  department?: string;
}

/** A colleague as the desktop's pickers show them (`GET /v1/colleagues`). */
export interface Colleague {
  id: string;
  username: string;
  name?: string;
  department?: string;
}

const userView = (user: UserRecord): UserView => ({
  id: user.id,
  username: user.username,
  hubAdmin: user.hubAdmin,
  memberships: user.memberships,
  createdAt: user.createdAt,
  ...(user.name === undefined ? {} : { name: user.name }),
  ...(user.department === undefined ? {} : { department: user.department }),
});

/** The agency directory (机构目录) with seals, and user accounts. */
export class DirectoryService {
  constructor(
    private readonly store: HubStore,
    private readonly verifier: SealVerifier,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private actor(principal: Principal | 'hub'): Actor {
    return { id: principal === 'hub' ? 'hub' : actorId(principal), at: this.clock().toISOString() };
  }

  async registerAgency(
    principal: Principal,
    input: { code: string; name: string; level: AgencyLevel; parentCode?: string | undefined },
  ): Promise<AgencyRecord> {
    requireHubAdmin(principal);
    checkAgencyCode(input.code);
    if (input.parentCode !== undefined) {
      const parent = await this.store.getAgency(input.parentCode);
      if (!parent)
        throw hubError('UNKNOWN_AGENCY', {
          zh: `上级单位 ${input.parentCode} 未登记。`,
          en: `Parent agency ${input.parentCode} is not registered.`,
        });
      if (!agencyLevelTable[input.level].parents.includes(parent.level)) {
        throw hubError('BAD_REQUEST', {
          zh: `${agencyLevelTable[input.level].zh}单位不能隶属于${agencyLevelTable[parent.level].zh}单位。`,
          en: `A ${agencyLevelTable[input.level].en} agency cannot sit under a ${agencyLevelTable[parent.level].en} agency.`,
        });
      }
    }
    const agency: AgencyRecord = {
      code: input.code,
      name: input.name,
      level: input.level,
      parentCode: input.parentCode ?? null,
      createdAt: this.clock().toISOString(),
    };
    if (!(await this.store.createAgency(agency, this.actor(principal)))) {
      throw hubError('AGENCY_EXISTS', {
        zh: `单位 ${input.code} 已登记。`,
        en: `Agency ${input.code} is already registered.`,
      });
    }
    return agency;
  }

  async listAgencies(_principal: Principal): Promise<AgencyRecord[]> {
    return this.store.listAgencies();
  }

  async agency(_principal: Principal, code: string): Promise<AgencyRecord & { children: string[]; seals: SealView[] }> {
    const agency = await this.store.getAgency(code);
    if (!agency) throw notFound({ zh: `单位 ${code}`, en: `Agency ${code}` });
    const children = (await this.store.listAgencies()).filter((a) => a.parentCode === code).map((a) => a.code);
    return { ...agency, children, seals: (await this.store.sealsOf(code)).map(sealView) };
  }

  /** Registers a seal certificate (PEM or DER) of an agency; it must chain to a trusted root. */
  async registerSeal(principal: Principal, agencyCode: string, certificate: string): Promise<SealView> {
    requireHubAdmin(principal);
    if (!(await this.store.getAgency(agencyCode)))
      throw notFound({ zh: `单位 ${agencyCode}`, en: `Agency ${agencyCode}` });
    let info;
    try {
      info = this.verifier.parseCertificate(certificate);
    } catch (error) {
      throw hubError('BAD_REQUEST', {
        zh: `无法解析印章证书（${(error as Error).message}）。`,
        en: `The seal certificate cannot be read (${(error as Error).message}).`,
      });
    }
    if (info.organizationIdentifier !== agencyCode) {
      throw hubError(
        'SEAL_NOT_REGISTERED',
        {
          zh: `印章证书的统一社会信用代码（${info.organizationIdentifier ?? '无'}）与单位 ${agencyCode} 不符。`,
          en: `The seal certificate names code ${info.organizationIdentifier ?? '(none)'}, not agency ${agencyCode}.`,
        },
        { organizationIdentifier: info.organizationIdentifier },
      );
    }
    const check = this.verifier.checkCertificate(info, this.clock());
    if (check.trust !== 'trusted') {
      throw hubError(
        check.trust === 'revoked' ? 'SEAL_REVOKED' : 'CERTIFICATE_UNTRUSTED',
        {
          zh: `印章证书未通过校验（${check.problem ?? check.trust}）。`,
          en: `The seal certificate did not pass the checks (${check.problem ?? check.trust}).`,
        },
        { trust: check.trust },
      );
    }
    const seal: SealRecord = {
      fingerprint: info.fingerprint,
      agencyCode,
      certificateDer: info.der,
      subject: info.subject,
      notAfter: info.notAfter.toISOString(),
      status: 'active',
      registeredAt: this.clock().toISOString(),
      revokedAt: null,
    };
    if (!(await this.store.addSeal(seal, this.actor(principal)))) {
      throw hubError('SEAL_EXISTS', {
        zh: '该印章证书已登记。',
        en: 'This seal certificate is already registered.',
      });
    }
    return sealView(seal);
  }

  async revokeSeal(principal: Principal, agencyCode: string, fingerprint: string): Promise<SealView> {
    requireHubAdmin(principal);
    const existing = await this.store.getSeal(fingerprint);
    if (!existing || existing.agencyCode !== agencyCode) throw notFound({ zh: '该印章', en: 'The seal' });
    const revoked = await this.store.revokeSeal(fingerprint, this.actor(principal));
    if (!revoked) throw hubError('STATE_CONFLICT', { zh: '该印章已注销。', en: 'The seal is already revoked.' });
    return sealView(revoked);
  }

  /**
   * Creates a user. Hub administrators may create anyone; an agency administrator only users
   * of their own agency, never hub administrators.
   */
  async createUser(
    principal: Principal | 'hub',
    input: {
      username: string;
      password: string;
      hubAdmin?: boolean;
      memberships: Array<{ agencyCode: string; role: AgencyRole }>;
      name?: string | undefined;
      department?: string | undefined;
    },
  ): Promise<UserView> {
    if (principal !== 'hub' && !principal.hubAdmin) {
      const own = principal.agency;
      const allowed =
        own !== undefined &&
        rolesGrant(principal.roles, 'manage-users') &&
        !input.hubAdmin &&
        input.memberships.every((m) => m.agencyCode === own);
      if (!allowed) throw forbidden({ zh: '创建该用户', en: 'create this user' });
    }
    for (const membership of input.memberships) {
      if (!(await this.store.getAgency(membership.agencyCode))) {
        throw hubError('UNKNOWN_AGENCY', {
          zh: `单位 ${membership.agencyCode} 未登记。`,
          en: `Agency ${membership.agencyCode} is not registered.`,
        });
      }
    }
    const user: UserRecord = {
      id: randomUUID(),
      username: input.username,
      passwordHash: await hashPassword(input.password),
      hubAdmin: input.hubAdmin ?? false,
      createdAt: this.clock().toISOString(),
      memberships: input.memberships,
      name: input.name,
      department: input.department,
    };
    if (!(await this.store.createUser(user, this.actor(principal)))) {
      throw hubError('USER_EXISTS', {
        zh: `用户名 ${input.username} 已被使用。`,
        en: `The username ${input.username} is taken.`,
      });
    }
    return userView(user);
  }

  async listUsers(principal: Principal, agencyCode?: string): Promise<UserView[]> {
    if (!principal.hubAdmin) {
      if (
        principal.agency === undefined ||
        !rolesGrant(principal.roles, 'manage-users') ||
        agencyCode !== principal.agency
      ) {
        throw forbidden({ zh: '查看这些用户', en: 'list these users' });
      }
    }
    return (await this.store.listUsers(agencyCode)).map(userView);
  }

  /**
   * The signed-in person's colleagues: the users of their own agency (id as the token subject
   * `user:<id>` — the person's id on every desktop — login name, and the name and department
   * colleagues know them by), for choosing whom to invite to a draft or to route a step to, by
   * department (会签 by 处室). Only a person of an agency may ask; they see no other agency.
   */
  async colleagues(principal: Principal): Promise<Colleague[]> {
    if (principal.agency === undefined || !principal.sub.startsWith('user:')) {
      throw forbidden({ zh: '查看本机关的同事', en: "list this agency's people" });
    }
    const users = await this.store.listUsers(principal.agency);
    return users.map((user) => ({
      id: `user:${user.id}`,
      username: user.username,
      ...(user.name === undefined ? {} : { name: user.name }),
      ...(user.department === undefined ? {} : { department: user.department }),
    }));
  }

  /**
   * Creates the configured administrator on first start. Processes starting together may race
   * for it: the loser finds the user taken, which is the same outcome.
   */
  async bootstrapAdmin(username: string, password: string): Promise<boolean> {
    if (await this.store.userByName(username)) return false;
    try {
      await this.createUser('hub', { username, password, hubAdmin: true, memberships: [] });
      return true;
    } catch (error) {
      if (isOaError(error) && error.code === 'USER_EXISTS') return false;
      throw error;
    }
  }
}
