import { describe, expect, it } from 'vitest';
import { mapConcurrent } from './concurrent';

describe('mapConcurrent', () => {
  it('answers in input order with no more than the limit in flight, and passes errors on', async () => {
    let inFlight = 0;
    let most = 0;
    const answers = await mapConcurrent([30, 5, 20, 1, 10], 2, async (ms, i) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, ms));
      inFlight--;
      return `${i}:${ms}`;
    });
    expect(answers).toEqual(['0:30', '1:5', '2:20', '3:1', '4:10']);
    expect(most).toBe(2);
    await expect(mapConcurrent([1], 4, () => Promise.reject(new Error('broken')))).rejects.toThrow('broken');
    expect(await mapConcurrent([], 4, () => Promise.resolve(1))).toEqual([]);
  });
});
