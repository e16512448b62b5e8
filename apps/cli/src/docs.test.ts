import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { violationCatalog } from '@oa/shared';

describe('the violation codes', () => {
  it('are all documented in docs/document-format.md', () => {
    const doc = readFileSync(new URL('../../../docs/document-format.md', import.meta.url), 'utf8');
    const missing = Object.keys(violationCatalog).filter((code) => !doc.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });
});
