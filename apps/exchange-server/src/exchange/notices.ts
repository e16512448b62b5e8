import { z } from 'zod';
import { recipientStates } from '@oa/shared';
import type { SqlDriver } from '../storage/driver';

/**
 * Notices pushed to agencies (新到公文 and state changes). They travel through the database's
 * notification channel, so a client connected to any hub process hears about a send that
 * another process accepted.
 */
export const noticeSchema = z.object({
  /** The agency to tell. */
  agency: z.string(),
  type: z.enum(['arrival', 'state']),
  messageId: z.string(),
  /** For state notices: which recipient and its new state. */
  recipient: z.string().optional(),
  state: z.enum(recipientStates).optional(),
});
export type Notice = z.infer<typeof noticeSchema>;

const channel = 'oa_hub_notices';

export class NoticeHub {
  private readonly subscribers = new Map<string, Set<(notice: Notice) => void>>();
  private stop: (() => Promise<void>) | undefined;

  constructor(private readonly driver: SqlDriver) {}

  async start(): Promise<void> {
    this.stop = await this.driver.listen(channel, (payload) => {
      const parsed = noticeSchema.safeParse(JSON.parse(payload));
      if (!parsed.success) return;
      for (const subscriber of this.subscribers.get(parsed.data.agency) ?? []) subscriber(parsed.data);
    });
  }

  async publish(...notices: Notice[]): Promise<void> {
    await this.driver.notify(channel, ...notices.map((notice) => JSON.stringify(notice)));
  }

  subscribe(agency: string, subscriber: (notice: Notice) => void): () => void {
    let set = this.subscribers.get(agency);
    if (!set) {
      set = new Set();
      this.subscribers.set(agency, set);
    }
    set.add(subscriber);
    return () => {
      set.delete(subscriber);
      if (set.size === 0) this.subscribers.delete(agency);
    };
  }

  async close(): Promise<void> {
    this.subscribers.clear();
    await this.stop?.();
  }
}
