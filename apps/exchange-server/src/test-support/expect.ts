import { expect } from 'vitest';
import { isOaError } from '@oa/shared';

/** Awaits a call that must fail with the hub error `code` (and HTTP `status`, when given). */
export async function expectHubError(call: Promise<unknown>, code: string, status?: number): Promise<void> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeDefined();
  if (!isOaError(error)) throw error;
  expect(error.code).toBe(code);
  if (status !== undefined) expect(error.details?.['status']).toBe(status);
  // Every refusal speaks to people in both languages.
  expect(error.text.zh.length).toBeGreaterThan(0);
  expect(error.text.en.length).toBeGreaterThan(0);
}
