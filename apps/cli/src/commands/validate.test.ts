import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { oa, repoRoot } from '../test-support';

const examples = path.join(repoRoot, 'docs/examples');
const run = promisify(execFile);

/** What each invalid example must be refused for (exactly these error codes). */
const expectedErrorCodes = new Map<string, string[]>([
  ['classified-without-copy-number.json', ['COPY_NUMBER_REQUIRED', 'CLASSIFICATION_PERIOD_TOO_LONG']],
  ['copy-number-not-six-digits.json', ['COPY_NUMBER_FORMAT']],
  ['date-in-the-future.json', ['SIGNATURE_DATE_IN_FUTURE']],
  ['doc-number-square-brackets.json', ['DOC_NUMBER_BRACKETS']],
  ['doc-number-with-di.json', ['DOC_NUMBER_HAS_DI']],
  ['doc-number-zero-padded.json', ['DOC_NUMBER_ZERO_PADDED']],
  ['final-without-doc-number.json', ['DOC_NUMBER_REQUIRED']],
  ['heading-and-attachment-punctuation.json', ['HEADING_NUMBERING', 'ATTACHMENT_TITLE_PUNCTUATION']],
  ['issuer-code-check-character.json', ['USCC_CHECK']],
  ['joint-letter-missing-seal-and-name.json', ['JOINT_SEAL_MISSING', 'JOINT_SIGNATURE_MISSING']],
  ['missing-title.json', ['SCHEMA_REQUIRED']],
  ['printed-before-signed.json', ['PRINTING_DATE_BEFORE_SIGNATURE']],
  [
    'request-breaking-routing-rules.json',
    ['UPWARD_SIGNER_REQUIRED', 'UPWARD_SINGLE_MAIN_RECIPIENT', 'UPWARD_CC_SUBORDINATE'],
  ],
  ['zero-padded-date.json', ['DATE_ZERO_PADDED']],
]);

describe('oa validate', () => {
  const valid = readdirSync(examples).filter((f) => f.endsWith('.json'));

  it.each(valid)('accepts the example %s (exit 0)', async (file) => {
    const result = await oa('validate', path.join(examples, file));
    expect(result.stdout).toContain('符合规范');
    expect(result.code, result.stdout).toBe(0);
  });

  it('has an expectation for every invalid example', () => {
    const files = readdirSync(path.join(examples, 'invalid')).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual([...expectedErrorCodes.keys()].sort());
  });

  it.each([...expectedErrorCodes])('refuses invalid/%s with exactly its codes (exit 1)', async (file, codes) => {
    const result = await oa('validate', '--json', path.join(examples, 'invalid', file));
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { violations: { code: string; severity: string; path: string }[] };
    const errors = report.violations.filter((v) => v.severity === 'error').map((v) => v.code);
    expect(errors.sort()).toEqual([...codes].sort());
  });

  it('prints each violation with its code, path and a Chinese message by default', async () => {
    const result = await oa('validate', path.join(examples, 'invalid/doc-number-with-di.json'));
    expect(result.stdout).toContain(
      '错误 DOC_NUMBER_HAS_DI docNumber: 发文字号“宁政办发〔2026〕第12号”的序号前不加“第”字',
    );
    expect(result.stdout).toContain('宁政办发〔2026〕12号');
  });

  it('speaks English with --lang en', async () => {
    const result = await oa('--lang', 'en', 'validate', path.join(examples, 'invalid/zero-padded-date.json'));
    expect(result.stdout).toContain(
      'error DATE_ZERO_PADDED signature.date: The document date "2026年11月05日" must not zero-pad',
    );
    expect(result.stdout).toContain('write 2026年11月5日');
  });

  it('accepts a draft without 发文字号 and 成文日期 with --draft', async () => {
    const file = path.join(examples, 'invalid/final-without-doc-number.json');
    expect((await oa('validate', file)).code).toBe(1);
    expect((await oa('validate', '--draft', file)).code).toBe(0);
  });

  it('exits 2 with the parse position when the file is not JSON', async () => {
    const result = await oa('validate', path.join(examples, 'not-documents/truncated.json'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^NOT_JSON: .*不是有效的 JSON：第3行第\d+列/);
  });

  it('exits 2 when the JSON is not a document at all', async () => {
    const result = await oa('validate', path.join(examples, 'not-documents/array.json'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^NOT_A_DOCUMENT: /);
  });

  it('exits 2 when the file does not exist, without a stack trace', async () => {
    const result = await oa('validate', path.join(examples, 'no-such-file.json'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^FILE_UNREADABLE: .*文件不存在/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('lists its commands with --help and refuses unknown commands with exit 2', async () => {
    const help = await oa('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/validate/);
    expect((await oa('no-such-command')).code).toBe(2);
  });

  it('sets the process exit code when run as a program', async () => {
    const bin = path.join(repoRoot, 'apps/cli/bin/oa.js');
    const ok = await run(process.execPath, [bin, 'validate', path.join(examples, 'notice.json')]);
    expect(ok.stdout).toContain('符合规范');
    const failure = await run(process.execPath, [
      bin,
      'validate',
      path.join(examples, 'invalid/missing-title.json'),
    ]).catch((error: { code: number; stdout: string }) => error);
    expect('code' in failure ? failure.code : 0).toBe(1);
  });
});
