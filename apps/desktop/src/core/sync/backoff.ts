/**
 * When to try the hub again: every `intervalMs` while it answers; after failures, exponential
 * back-off from `baseMs`, doubling per failure up to `capMs`, with up to `jitter` of it random
 * so a building's laptops do not all return at the same second.
 */
export interface BackoffPolicy {
  intervalMs: number;
  baseMs: number;
  capMs: number;
  jitter: number;
}

export const defaultBackoff: BackoffPolicy = {
  intervalMs: 30_000,
  baseMs: 1_000,
  capMs: 5 * 60_000,
  jitter: 0.2,
};

/** The wait before the next attempt after `failures` failures in a row (0: the hub answered). */
export function nextDelay(policy: BackoffPolicy, failures: number, random: () => number = Math.random): number {
  if (failures === 0) return policy.intervalMs;
  const raw = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(raw * (1 - policy.jitter * random()));
}
