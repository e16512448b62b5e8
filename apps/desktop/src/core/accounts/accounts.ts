import { workflowRoleSchema, type Actor } from '@oa/shared';
import type { AccountView } from '../../api-contract';
import type { CoreContext } from '../context';
import { isoNow } from '../context';
import { desktopError } from '../errors';
import { unlockPolicy } from '../limits';
import { checkVerifier, makeVerifier } from './verifier';

/**
 * Local accounts: after a user has logged in against the hub once, the same person can
 * unlock the client offline with the same password, checked against a local scrypt
 * verifier. A hub session token can be attached to the account, sealed by the platform's
 * key store (Electron safeStorage); where none is available it stays in memory only.
 */

/** Encrypts secrets at rest (Electron: safeStorage; elsewhere: unavailable). */
export interface SecretSealer {
  readonly available: boolean;
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
}

export const noSecretSealer: SecretSealer = {
  available: false,
  seal: () => {
    throw desktopError('TOKEN_STORE_UNAVAILABLE');
  },
  open: () => {
    throw desktopError('TOKEN_STORE_UNAVAILABLE');
  },
};

interface AccountRow {
  id: string;
  login: string;
  display_name: string;
  roles: string;
  verifier: string;
  failed_attempts: number;
  throttled_until: string | null;
  hub_token_sealed: Buffer | null;
  hub_url: string | null;
  created_at: string;
  last_unlocked_at: string | null;
}

function toView(row: AccountRow, memoryToken: boolean): AccountView {
  return {
    id: row.id,
    login: row.login,
    displayName: row.display_name,
    roles: JSON.parse(row.roles) as string[],
    hubLinked: row.hub_token_sealed !== null || memoryToken,
    createdAt: row.created_at,
    lastUnlockedAt: row.last_unlocked_at,
  };
}

export class Accounts {
  private current: AccountRow | undefined;
  /** Hub tokens not sealable on this platform, by account id (lost when the app quits). */
  private readonly memoryTokens = new Map<string, string>();

  constructor(
    private readonly context: CoreContext,
    private readonly sealer: SecretSealer = noSecretSealer,
  ) {}

  /**
   * Creates a local account (on first hub login, or by an administrator's set-up). The
   * password only feeds the verifier; it is neither stored nor logged.
   */
  async create(input: { login: string; displayName: string; password: string; roles: string[] }): Promise<AccountView> {
    if ([...input.password].length < unlockPolicy.minPasswordChars) {
      throw desktopError('ACCOUNT_WEAK_PASSWORD', { min: unlockPolicy.minPasswordChars });
    }
    if (this.row(input.login) !== undefined) throw desktopError('ACCOUNT_EXISTS', { login: input.login });
    const verifier = await makeVerifier(input.password);
    const id = this.context.newId();
    try {
      this.context.db
        .prepare(
          `INSERT INTO accounts (id, login, display_name, roles, verifier, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(id, input.login, input.displayName, JSON.stringify(input.roles), verifier, isoNow(this.context));
    } catch (error) {
      if (error instanceof Error && /UNIQUE/.test(error.message)) {
        throw desktopError('ACCOUNT_EXISTS', { login: input.login });
      }
      throw error;
    }
    return toView(this.row(input.login)!, false);
  }

  /**
   * After a successful login against the hub (the hub checked the password): creates the
   * local account or refreshes it — name, roles and the verifier, since the password may have
   * changed on the hub — attaches the session token and unlocks the session. From then on the
   * same person can unlock offline.
   */
  async recordHubLogin(input: {
    login: string;
    displayName: string;
    roles: string[];
    password: string;
    hub: { url: string; userId: string; token: string; expiresAt: string };
  }): Promise<AccountView> {
    const verifier = await makeVerifier(input.password);
    const at = isoNow(this.context);
    const existing = this.row(input.login);
    // A person's first login on this computer takes the hub's user id as the account id, so
    // the same person is the same workflow actor on every computer of the agency.
    const id = existing?.id ?? (this.rowById(input.hub.userId) === undefined ? input.hub.userId : this.context.newId());
    this.context.db.transaction(() => {
      if (existing === undefined) {
        this.context.db
          .prepare(
            `INSERT INTO accounts (id, login, display_name, roles, verifier, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
          )
          .run(id, input.login, input.displayName, JSON.stringify(input.roles), verifier, at);
      } else {
        this.context.db
          .prepare(
            `UPDATE accounts SET display_name = ?, roles = ?, verifier = ?, failed_attempts = 0, throttled_until = NULL
             WHERE id = ?`,
          )
          .run(input.displayName, JSON.stringify(input.roles), verifier, id);
      }
      this.context.db.prepare('UPDATE accounts SET last_unlocked_at = ? WHERE id = ?').run(at, id);
      const { token, ...hub } = input.hub;
      this.attachHubToken(id, token, hub);
    })();
    this.current = this.rowById(id);
    return this.view(this.current!);
  }

  /** Offline unlock: right password → the session's account; wrong → a typed error. */
  async unlock(login: string, password: string): Promise<AccountView> {
    const row = this.row(login);
    if (row === undefined) throw desktopError('ACCOUNT_UNKNOWN', { login });
    const now = this.context.now();
    if (row.throttled_until !== null && new Date(row.throttled_until) > now) {
      throw desktopError('ACCOUNT_THROTTLED', { until: row.throttled_until });
    }
    if (!(await checkVerifier(password, row.verifier))) {
      this.recordFailure(row, now);
      throw desktopError('ACCOUNT_WRONG_PASSWORD');
    }
    this.context.db
      .prepare('UPDATE accounts SET failed_attempts = 0, throttled_until = NULL, last_unlocked_at = ? WHERE id = ?')
      .run(now.toISOString(), row.id);
    this.current = this.row(login)!;
    return this.view(this.current);
  }

  /** What this computer knows of a login: name, roles and the hub user it was linked to. */
  known(login: string): { displayName: string; roles: string[]; hubUserId: string | null } | undefined {
    const row = this.context.db
      .prepare('SELECT display_name, roles, hub_user_id FROM accounts WHERE login = ?')
      .get(login) as { display_name: string; roles: string; hub_user_id: string | null } | undefined;
    if (row === undefined) return undefined;
    return { displayName: row.display_name, roles: JSON.parse(row.roles) as string[], hubUserId: row.hub_user_id };
  }

  /** How many local accounts exist (0 on first run). */
  count(): number {
    return (this.context.db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n;
  }

  lock(): void {
    this.current = undefined;
  }

  currentAccount(): AccountView | null {
    return this.current === undefined ? null : this.view(this.current);
  }

  /** The unlocked account, or ACCOUNT_LOCKED: every action that records an author needs one. */
  requireCurrent(): { id: string; name: string; roles: string[] } {
    if (this.current === undefined) throw desktopError('ACCOUNT_LOCKED');
    return { id: this.current.id, name: this.current.display_name, roles: JSON.parse(this.current.roles) as string[] };
  }

  /** The unlocked account as a workflow actor (its workflow roles only). */
  requireActor(): Actor {
    const person = this.requireCurrent();
    const roles = person.roles.flatMap((role) => {
      const parsed = workflowRoleSchema.safeParse(role);
      return parsed.success ? [parsed.data] : [];
    });
    return { id: person.id, name: person.name, roles };
  }

  /** Keeps the hub's session token for the account: sealed on disk, or in memory only. */
  attachHubToken(accountId: string, token: string, hub: { url: string; userId: string; expiresAt: string }): void {
    const sealed = this.sealer.available ? this.sealer.seal(token) : null;
    if (sealed === null) this.memoryTokens.set(accountId, token);
    this.context.db
      .prepare(
        'UPDATE accounts SET hub_url = ?, hub_user_id = ?, hub_token_sealed = ?, hub_token_expires_at = ? WHERE id = ?',
      )
      .run(hub.url, hub.userId, sealed, hub.expiresAt, accountId);
    if (this.current?.id === accountId) this.current = this.rowById(accountId);
  }

  /** The hub token for an account, when one is kept (main process only; never sent to the UI). */
  hubToken(accountId: string): string | null {
    const memory = this.memoryTokens.get(accountId);
    if (memory !== undefined) return memory;
    const row = this.rowById(accountId);
    return row?.hub_token_sealed ? this.sealer.open(row.hub_token_sealed) : null;
  }

  /** Where the unlocked account syncs: its hub and session token, or null (not linked, or locked). */
  hubSession(): { url: string; token: string } | null {
    if (this.current === undefined) return null;
    const row = this.rowById(this.current.id);
    const token = this.hubToken(this.current.id);
    return row?.hub_url && token ? { url: row.hub_url, token } : null;
  }

  private recordFailure(row: AccountRow, now: Date): void {
    const failures = row.failed_attempts + 1;
    const excess = failures - unlockPolicy.maxFailedAttempts;
    const until = excess >= 0 ? new Date(now.getTime() + unlockPolicy.throttleMs * 2 ** excess).toISOString() : null;
    this.context.db
      .prepare('UPDATE accounts SET failed_attempts = ?, throttled_until = ? WHERE id = ?')
      .run(failures, until, row.id);
  }

  private view(row: AccountRow): AccountView {
    return toView(row, this.memoryTokens.has(row.id));
  }

  private row(login: string): AccountRow | undefined {
    return this.context.db.prepare('SELECT * FROM accounts WHERE login = ?').get(login) as AccountRow | undefined;
  }

  private rowById(id: string): AccountRow | undefined {
    return this.context.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
  }
}
