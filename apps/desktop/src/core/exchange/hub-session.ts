import { HubClient, signDetached } from '@oa/exchange-server';
import { isOaError } from '@oa/shared';
import { openKeyStoreFile, type KeyStore } from '@oa/signature';
import type { ExchangeLinkView, ExchangeStatusView } from '../../api-contract';
import type { CoreContext } from '../context';
import { desktopError } from '../errors';
import { readLink, requireLink } from './link';

/**
 * The agency's session with the hub. The agency system logs in by signing the hub's challenge
 * with the seal key (docs/hub.md "Accounts"); only the short-lived token is kept, in memory.
 * The PIN opens the key store for one call and is never stored.
 */
export class ExchangeSession {
  private token: { value: string; expiresAt: string; hubUrl: string; agency: string } | undefined;

  constructor(private readonly context: CoreContext) {}

  status(): ExchangeStatusView {
    const link = readLink(this.context);
    const live = this.liveToken(link);
    return {
      configured: link !== null,
      link,
      connected: live !== undefined,
      expiresAt: live?.expiresAt ?? null,
      reachable: null,
    };
  }

  /** The status with a quick health check of the hub (so the UI can say "the hub is away"). */
  async statusWithReachability(): Promise<ExchangeStatusView> {
    const status = this.status();
    if (status.link === null) return status;
    try {
      const response = await fetch(new URL('/health', status.link.hubUrl), { signal: AbortSignal.timeout(1500) });
      return { ...status, reachable: response.ok };
    } catch {
      return { ...status, reachable: false };
    }
  }

  /** Opens the seal key store with the PIN, checking it is this agency's seal. */
  async openKeyStore(pin: string): Promise<KeyStore> {
    const link = requireLink(this.context);
    const keyStore = await openKeyStoreFile(link.keyStorePath, pin);
    const found = keyStore.certificate.subject.organizationIdentifier ?? '—';
    if (found !== link.agencyCode) throw desktopError('EXCHANGE_WRONG_AGENCY', { found, expected: link.agencyCode });
    return keyStore;
  }

  /** Logs in by signing the hub's challenge with the unlocked seal key. */
  async connectWith(keyStore: KeyStore): Promise<HubClient> {
    const link = requireLink(this.context);
    const client = new HubClient(link.hubUrl);
    const result = await client.agencyLogin(link.agencyCode, (challenge) => signDetached(keyStore, challenge));
    this.token = { value: result.token, expiresAt: result.expiresAt, hubUrl: link.hubUrl, agency: link.agencyCode };
    return client;
  }

  async connect(pin: string): Promise<ExchangeStatusView> {
    await this.connectWith(await this.openKeyStore(pin));
    return this.status();
  }

  /** A client with the open session's token; EXCHANGE_NOT_CONNECTED without one. */
  client(): HubClient {
    const link = requireLink(this.context);
    const live = this.liveToken(link);
    if (live === undefined) throw desktopError('EXCHANGE_NOT_CONNECTED');
    return new HubClient(link.hubUrl, live.value);
  }

  /** Runs a hub call; an expired or refused token closes the session so the UI asks for the PIN. */
  async call<T>(run: (client: HubClient) => Promise<T>): Promise<T> {
    try {
      return await run(this.client());
    } catch (error) {
      if (isOaError(error) && (error.code === 'TOKEN_EXPIRED' || error.code === 'UNAUTHENTICATED')) {
        this.token = undefined;
        throw desktopError('EXCHANGE_NOT_CONNECTED');
      }
      throw error;
    }
  }

  private liveToken(link: ExchangeLinkView | null) {
    const token = this.token;
    if (token === undefined || link === null) return undefined;
    if (token.hubUrl !== link.hubUrl || token.agency !== link.agencyCode) return undefined;
    // A minute's margin: a call started now should not expire on the way.
    if (Date.parse(token.expiresAt) - 60_000 <= this.context.now().getTime()) return undefined;
    return token;
  }
}
