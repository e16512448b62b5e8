import { OaError, type RecipientState } from '@oa/shared';
import { z } from 'zod';
import type { AuditRow } from '../audit/chain';
import { encodeSendFrames, sendFramesMediaType, type SendParts } from '../exchange/frames';
import type { MessageView, RecipientView } from '../exchange/service';
import { colleagueSchema, draftPeopleSchema } from '../http/schemas';

/**
 * A typed client of the hub's HTTP API (used by `oa exchange`, agency systems and the tests).
 * Errors come back as the hub's OaError (code + zh/en message); a hub that cannot be reached
 * is HUB_UNREACHABLE.
 */
export interface SendRequest {
  envelope: string;
  signature: string;
  document: string;
  attachments: string[];
}

export interface TokenResult {
  token: string;
  expiresAt: string;
  /** `user:<id>` for a person, `agency:<code>` for an agency system. */
  subject: string;
  username?: string;
  agency?: string;
  roles: string[];
  hubAdmin: boolean;
}

export class HubClient {
  private token: string | undefined;

  constructor(
    readonly baseUrl: string,
    token?: string,
  ) {
    this.token = token;
  }

  withToken(token: string): HubClient {
    return new HubClient(this.baseUrl, token);
  }

  get currentToken(): string | undefined {
    return this.token;
  }

  /** A request with a JSON body, or with bytes of the given media type. */
  async raw(method: string, path: string, body?: unknown, mediaType?: string): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.token) headers['authorization'] = `Bearer ${this.token}`;
    const bytes = body instanceof Uint8Array;
    if (body !== undefined)
      headers['content-type'] = bytes ? (mediaType ?? 'application/octet-stream') : 'application/json';
    try {
      return await fetch(new URL(path, this.baseUrl), {
        method,
        headers,
        ...(body === undefined ? {} : { body: bytes ? body : JSON.stringify(body) }),
      });
    } catch (error) {
      throw new OaError('HUB_UNREACHABLE', {
        zh: `无法连接交换中心 ${this.baseUrl}（${(error as Error).message}）。`,
        en: `Cannot reach the hub at ${this.baseUrl} (${(error as Error).message}).`,
      });
    }
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.raw(method, path, body);
    return (await this.read(response)) as T;
  }

  /** A JSON answer checked against its schema: an answer of another shape is a typed error, not a crash later. */
  private async checked<S extends z.ZodType>(
    schema: S,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<z.infer<S>> {
    const answer = schema.safeParse(await this.json(method, path, body));
    if (!answer.success) {
      throw new OaError('HUB_ANSWER_INVALID', {
        zh: `交换中心对 ${path} 的答复格式不符，可能版本不一致；请联系管理员。`,
        en: `The hub's answer to ${path} has an unexpected shape (a version mismatch?); tell the administrator.`,
      });
    }
    return answer.data;
  }

  private async read(response: Response): Promise<unknown> {
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (response.ok) return parsed;
    const error = parsed as { code?: string; message?: { zh: string; en: string }; details?: Record<string, unknown> };
    throw new OaError(
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? {
        zh: `交换中心返回 HTTP ${response.status}。`,
        en: `The hub answered HTTP ${response.status}.`,
      },
      { status: response.status, ...(error?.details ?? {}) },
    );
  }

  private async bytes(path: string): Promise<Uint8Array> {
    const response = await this.raw('GET', path);
    if (!response.ok) await this.read(response);
    return new Uint8Array(await response.arrayBuffer());
  }

  async login(username: string, password: string, agency?: string): Promise<TokenResult> {
    const result = await this.json<TokenResult>('POST', '/v1/auth/login', { username, password, agency });
    this.token = result.token;
    return result;
  }

  /** Agency-system login: `sign` makes a detached CMS signature over the challenge with the seal key. */
  async agencyLogin(agency: string, sign: (challenge: Uint8Array) => Promise<Uint8Array>): Promise<TokenResult> {
    const challenge = await this.json<{ nonce: string; challenge: string }>('POST', '/v1/auth/challenge', { agency });
    const signature = await sign(new TextEncoder().encode(challenge.challenge));
    const result = await this.json<TokenResult>('POST', '/v1/auth/agency', {
      agency,
      nonce: challenge.nonce,
      signature: Buffer.from(signature).toString('base64'),
    });
    this.token = result.token;
    return result;
  }

  health(): Promise<{ status: string }> {
    return this.json('GET', '/health');
  }

  registerAgency(input: { code: string; name: string; level: string; parentCode?: string }) {
    return this.json<{ code: string; name: string; level: string; parentCode: string | null }>(
      'POST',
      '/v1/agencies',
      input,
    );
  }

  agencies() {
    return this.json<Array<{ code: string; name: string; level: string; parentCode: string | null }>>(
      'GET',
      '/v1/agencies',
    );
  }

  agency(code: string) {
    return this.json<{
      code: string;
      name: string;
      children: string[];
      seals: Array<{ fingerprint: string; status: string; certificate: string; subject: string }>;
    }>('GET', `/v1/agencies/${encodeURIComponent(code)}`);
  }

  registerSeal(code: string, certificatePem: string) {
    return this.json<{ fingerprint: string; status: string }>(
      'POST',
      `/v1/agencies/${encodeURIComponent(code)}/seals`,
      {
        certificate: certificatePem,
      },
    );
  }

  revokeSeal(code: string, fingerprint: string) {
    return this.json<{ fingerprint: string; status: string }>(
      'POST',
      `/v1/agencies/${encodeURIComponent(code)}/seals/${fingerprint}/revoke`,
      {},
    );
  }

  createUser(input: {
    username: string;
    password: string;
    hubAdmin?: boolean;
    memberships: Array<{ agencyCode: string; role: string }>;
    /** The name colleagues know the person by (王芳). */
    name?: string;
    /** The person's department (处室). */
    department?: string;
  }) {
    return this.json<{ id: string; username: string }>('POST', '/v1/users', input);
  }

  users(agency?: string) {
    return this.json<
      Array<{
        id: string;
        username: string;
        hubAdmin: boolean;
        memberships: Array<{ agencyCode: string; role: string }>;
        name?: string;
        department?: string;
      }>
    >('GET', `/v1/users${agency ? `?agency=${encodeURIComponent(agency)}` : ''}`);
  }

  /** The signed-in person's colleagues in their agency (`user:<id>`, login, name and department when known). */
  colleagues() {
    return this.checked(z.array(colleagueSchema), 'GET', '/v1/colleagues');
  }

  /** A draft's drafter and co-drafters (404 DRAFT_NOT_ACCESSIBLE for a draft the person may not open). */
  draftPeople(documentId: string) {
    return this.checked(draftPeopleSchema, 'GET', `/v1/drafts/${encodeURIComponent(documentId)}/people`);
  }

  /** The drafter invites colleagues (`user:<id>`) to co-draft (协同拟稿). */
  inviteCoDrafters(documentId: string, userIds: readonly string[]) {
    return this.checked(draftPeopleSchema, 'POST', `/v1/drafts/${encodeURIComponent(documentId)}/co-drafters`, {
      userIds,
    });
  }

  send(request: SendRequest) {
    return this.json<{ duplicate: boolean; message: MessageView }>('POST', '/v1/messages', request);
  }

  /** The same send with binary parts (no base64: smaller, and cheaper for the hub to read). */
  async sendBinary(parts: SendParts): Promise<{ duplicate: boolean; message: MessageView }> {
    const response = await this.raw('POST', '/v1/messages/binary', encodeSendFrames(parts), sendFramesMediaType);
    return (await this.read(response)) as { duplicate: boolean; message: MessageView };
  }

  status(messageId: string) {
    return this.json<MessageView>('GET', `/v1/messages/${encodeURIComponent(messageId)}`);
  }

  envelope(messageId: string) {
    return this.json<{ envelope: string; signature: string }>(
      'GET',
      `/v1/messages/${encodeURIComponent(messageId)}/envelope`,
    );
  }

  inbox(options: { states?: readonly RecipientState[]; after?: string; limit?: number } = {}) {
    const query = new URLSearchParams();
    if (options.states) query.set('state', options.states.join(','));
    if (options.after) query.set('after', options.after);
    if (options.limit) query.set('limit', String(options.limit));
    return this.json<MessageView[]>('GET', `/v1/inbox?${query.toString()}`);
  }

  outbox(options: { limit?: number } = {}) {
    return this.json<MessageView[]>('GET', `/v1/outbox${options.limit ? `?limit=${options.limit}` : ''}`);
  }

  claim(limit = 20) {
    return this.json<MessageView[]>('POST', '/v1/inbox/claim', { limit });
  }

  document(messageId: string): Promise<Uint8Array> {
    return this.bytes(`/v1/messages/${encodeURIComponent(messageId)}/document`);
  }

  attachment(messageId: string, index: number): Promise<Uint8Array> {
    return this.bytes(`/v1/messages/${encodeURIComponent(messageId)}/attachments/${index}`);
  }

  signFor(messageId: string, receipt: { receipt: string; signature: string }) {
    return this.json<RecipientView>('POST', `/v1/messages/${encodeURIComponent(messageId)}/sign-for`, receipt);
  }

  returnMessage(messageId: string, reason: string) {
    return this.json<RecipientView>('POST', `/v1/messages/${encodeURIComponent(messageId)}/return`, { reason });
  }

  recall(messageId: string, input: { recipients?: string[]; reason?: string } = {}) {
    return this.json<RecipientView[]>('POST', `/v1/messages/${encodeURIComponent(messageId)}/recall`, input);
  }

  receipts(messageId: string) {
    return this.json<Array<{ agency: string; receipt: string; signature: string }>>(
      'GET',
      `/v1/messages/${encodeURIComponent(messageId)}/receipts`,
    );
  }

  audit(after = 0, limit = 1000) {
    return this.json<{ head: { seq: number; hash: string }; rows: AuditRow[] }>(
      'GET',
      `/v1/audit?after=${after}&limit=${limit}`,
    );
  }

  /** Every audit row from the start, page by page. */
  async auditAll(): Promise<{ head: { seq: number; hash: string }; rows: AuditRow[] }> {
    const rows: AuditRow[] = [];
    for (let after = 0; ;) {
      // Each page stops at the head read with it, so the last page ends exactly at its head.
      const page = await this.audit(after, 1000);
      rows.push(...page.rows);
      if (page.rows.length < 1000) return { head: page.head, rows };
      after = page.rows[page.rows.length - 1]!.seq;
    }
  }

  verifyAuditOnHub() {
    return this.json<{ ok: boolean; rows: number; problems: unknown[] }>('GET', '/v1/audit/verify');
  }
}
