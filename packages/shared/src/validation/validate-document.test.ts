import { describe, expect, it } from 'vitest';
import type { DocumentInput } from '../document/schema';
import { validateDocument } from './validate-document';
import type { ValidationOptions } from './context';

const nanjing = { name: '南京市人民政府', code: '113201000141682263' };
const jiangsu = { name: '江苏省人民政府', code: '11320000014100491Q' };
const finance = { name: '江苏省财政厅', code: '11320000014101881M' };
const education = { name: '江苏省教育厅', code: '113200000141020595' };
const today = { year: 2026, month: 11, day: 23 };

function notice(overrides: Partial<DocumentInput> = {}): DocumentInput {
  return {
    kind: 'notice',
    issuers: [nanjing],
    docNumber: '宁政发〔2026〕12号',
    title: '南京市人民政府关于做好冬季安全生产工作的通知',
    mainRecipients: ['各区人民政府', '市府各委办局'],
    body: [
      { type: 'paragraph', text: '现就有关事项通知如下。' },
      { type: 'heading', level: 1, text: '一、提高认识' },
      { type: 'paragraph', text: '各地要高度重视。' },
    ],
    signature: { date: '2026-11-20' },
    ...overrides,
  };
}

function request(overrides: Partial<DocumentInput> = {}): DocumentInput {
  return notice({
    kind: 'request',
    signers: ['张明'],
    title: '南京市人民政府关于申请专项资金的请示',
    mainRecipients: [{ name: jiangsu.name, relation: 'superior' }],
    ...overrides,
  });
}

/** The error codes (sorted) and the warning codes of a validation. */
function codes(input: unknown, options: ValidationOptions = { today }) {
  const { violations } = validateDocument(input, options);
  return {
    errors: violations
      .filter((v) => v.severity === 'error')
      .map((v) => v.code)
      .sort(),
    warnings: violations
      .filter((v) => v.severity === 'warning')
      .map((v) => v.code)
      .sort(),
  };
}

function errorsOf(input: unknown, options?: ValidationOptions) {
  return codes(input, options).errors;
}

describe('a valid document', () => {
  it('has no violations and comes back parsed with defaults', () => {
    const result = validateDocument(notice(), { today });
    expect(result.violations).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.document?.signature.sealed).toBe(true);
    expect(result.document?.attachments).toEqual([]);
  });

  it('accepts the Chinese names of kinds, levels and urgency', () => {
    const result = validateDocument(
      notice({ kind: '通知', copyNumber: '000017', classification: { level: '机密', period: '5年' }, urgency: '特急' }),
      { today },
    );
    expect(result.violations).toEqual([]);
    expect(result.document).toMatchObject({
      kind: 'notice',
      classification: { level: 'confidential' },
      urgency: 'extra-urgent',
    });
  });
});

describe('structure', () => {
  it('reports every missing or mistyped field with its path, not only the first', () => {
    const { violations } = validateDocument({ kind: '通知', issuers: [], body: 'text' });
    expect(violations.map((v) => [v.code, v.path])).toEqual(
      expect.arrayContaining([
        ['SCHEMA_EMPTY', 'issuers'],
        ['SCHEMA_REQUIRED', 'title'],
        ['SCHEMA_TYPE', 'body'],
      ]),
    );
  });

  it('names a missing element as people know it, with its path', () => {
    const { violations } = validateDocument(
      notice({ issuers: [{ name: '', code: '11320100014170019X' }], title: undefined as never }),
    );
    const messages = violations.filter((v) => v.code === 'SCHEMA_REQUIRED').map((v) => v.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        { zh: '缺少必填项“发文机关名称（issuers[0].name）”。', en: 'The required field "issuers[0].name" is missing.' },
        { zh: '缺少必填项“标题（title）”。', en: 'The required field "title" is missing.' },
      ]),
    );
  });

  it('names the allowed values of an unknown kind', () => {
    const { violations } = validateDocument(notice({ kind: '便条' as never }));
    expect(violations[0]).toMatchObject({ code: 'SCHEMA_ENUM', path: 'kind' });
    expect(violations[0]?.message.en).toContain('notice');
  });

  it('warns about unknown fields (likely misspellings) without refusing the document', () => {
    const result = validateDocument({ ...notice(), titel: 'x' }, { today });
    expect(result.ok).toBe(true);
    expect(result.violations.map((v) => [v.code, v.path])).toEqual([['SCHEMA_UNKNOWN_FIELD', 'titel']]);
  });

  it('gives every violation a Chinese and an English message', () => {
    const { violations } = validateDocument(notice({ docNumber: '宁政发[2026]第012号', copyNumber: '12' }), { today });
    expect(violations.length).toBeGreaterThan(0);
    for (const v of violations) {
      expect(v.message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(v.message.en).toMatch(/[a-z]/);
      expect(v.message.zh).not.toContain('{');
      expect(v.message.en).not.toContain('{');
    }
  });
});

describe('发文字号', () => {
  it.each([
    ['国办发〔2012〕12号', []],
    ['宁政办发〔2026〕1号', []],
    ['宁政发〔2026〕第12号', ['DOC_NUMBER_HAS_DI']],
    ['宁政发〔2026〕012号', ['DOC_NUMBER_ZERO_PADDED']],
    ['宁政发[2026]12号', ['DOC_NUMBER_BRACKETS']],
    ['宁政发（2026）12号', ['DOC_NUMBER_BRACKETS']],
    ['宁政发【2026】12号', ['DOC_NUMBER_BRACKETS']],
    ['宁政发〔2026〕12', ['DOC_NUMBER_FORMAT']],
    ['〔2026〕12号', ['DOC_NUMBER_FORMAT']],
    ['宁政发〔26〕12号', ['DOC_NUMBER_FORMAT']],
  ])('%s → %j', (docNumber, expected) => {
    expect(errorsOf(notice({ docNumber }))).toEqual([...expected].sort());
  });

  it('suggests the corrected number', () => {
    const [v] = validateDocument(notice({ docNumber: '宁政发[2026]第012号' }), { today }).violations;
    expect(v?.message.zh).toContain('宁政发〔2026〕12号');
  });

  it('is required in a final document but not in a draft', () => {
    expect(errorsOf(notice({ docNumber: undefined }))).toEqual(['DOC_NUMBER_REQUIRED']);
    expect(errorsOf(notice({ docNumber: undefined }), { stage: 'draft', today })).toEqual([]);
  });

  it('warns when its year differs from the 成文日期', () => {
    expect(codes(notice({ docNumber: '宁政发〔2025〕12号' })).warnings).toEqual(['DOC_NUMBER_YEAR_MISMATCH']);
  });

  it('is a 令号 (第N号) in the order format', () => {
    const order = notice({ kind: '命令', docNumber: '第5号', mainRecipients: [] });
    expect(errorsOf(order)).toEqual([]);
    expect(errorsOf({ ...order, docNumber: '宁政令〔2026〕5号' })).toEqual(['ORDER_NUMBER_FORMAT']);
  });

  it('may be a 期号 (第N期) in minutes, or absent', () => {
    const minutes = notice({
      kind: '纪要',
      docNumber: '第25期',
      mainRecipients: [],
      signature: { date: '2026-11-20', sealed: false },
    });
    expect(errorsOf(minutes)).toEqual([]);
    expect(errorsOf({ ...minutes, docNumber: undefined })).toEqual([]);
  });
});

describe('份号 and 密级★保密期限', () => {
  const classified = (classification: DocumentInput['classification'], copyNumber: string | null = '000017') =>
    notice({ classification, copyNumber: copyNumber ?? undefined });

  it('requires a 6-digit copy number when classified', () => {
    expect(errorsOf(classified({ level: 'secret' }, null))).toEqual(['COPY_NUMBER_REQUIRED']);
    expect(errorsOf(classified({ level: 'secret' }, '17'))).toEqual(['COPY_NUMBER_FORMAT']);
    expect(errorsOf(classified({ level: 'secret' }, '0000017'))).toEqual(['COPY_NUMBER_FORMAT']);
    expect(errorsOf(classified({ level: 'secret' }))).toEqual([]);
    expect(errorsOf(notice({ copyNumber: '000003' }))).toEqual([]);
  });

  it.each([
    ['secret', '10年', []],
    ['secret', '11年', ['CLASSIFICATION_PERIOD_TOO_LONG']],
    ['confidential', '20年', []],
    ['confidential', '21年', ['CLASSIFICATION_PERIOD_TOO_LONG']],
    ['top-secret', '30年', []],
    ['top-secret', 31, ['CLASSIFICATION_PERIOD_TOO_LONG']],
    ['secret', '6个月', []],
    ['secret', '12个月', ['CLASSIFICATION_PERIOD_MONTHS']],
    ['secret', '十年', ['CLASSIFICATION_PERIOD_FORMAT']],
    ['secret', '0年', ['CLASSIFICATION_PERIOD_FORMAT']],
  ] as const)('%s ★ %s → %j', (level, period, expected) => {
    expect(errorsOf(classified({ level, period }))).toEqual([...expected]);
  });
});

describe('dates', () => {
  it.each([
    ['2026-11-20', []],
    ['2026年11月20日', []],
    ['2026年11月5日', []],
    ['2026年11月05日', ['DATE_ZERO_PADDED']],
    ['2026年01月5日', ['DATE_ZERO_PADDED']],
    ['2026/11/20', ['DATE_FORMAT']],
    ['二〇二六年十一月二十日', ['DATE_FORMAT']],
    ['2026-02-30', ['DATE_NONEXISTENT']],
    ['2026年13月1日', ['DATE_NONEXISTENT']],
  ])('成文日期 %s → %j', (date, expected) => {
    expect(errorsOf(notice({ signature: { date } }))).toEqual(expected);
  });

  it('refuses a 成文日期 after today, and accepts today', () => {
    expect(errorsOf(notice({ signature: { date: '2026-11-24' } }))).toEqual(['SIGNATURE_DATE_IN_FUTURE']);
    expect(errorsOf(notice({ signature: { date: '2026-11-23' } }))).toEqual([]);
  });

  it('requires a 成文日期 in a final document only', () => {
    expect(errorsOf(notice({ signature: {} }))).toEqual(['SIGNATURE_DATE_REQUIRED']);
    expect(errorsOf(notice({ signature: {} }), { stage: 'draft' })).toEqual([]);
  });

  it('refuses a printing date before the 成文日期', () => {
    expect(errorsOf(notice({ printing: { by: '南京市人民政府办公厅', date: '2026-11-19' } }))).toEqual([
      'PRINTING_DATE_BEFORE_SIGNATURE',
    ]);
    expect(errorsOf(notice({ printing: { by: '南京市人民政府办公厅', date: '2026年11月20日' } }))).toEqual([]);
    expect(errorsOf(notice({ printing: { by: '南京市人民政府办公厅', date: '2026-11-1' } }))).toEqual(['DATE_FORMAT']);
  });
});

describe('上行文 routing', () => {
  it('accepts a 请示 with 签发人 and one main addressee', () => {
    expect(errorsOf(request())).toEqual([]);
  });

  it.each(['request', 'report', 'motion'] as const)('%s requires 签发人 (final only)', (kind) => {
    expect(errorsOf(request({ kind, signers: [] }))).toEqual(['UPWARD_SIGNER_REQUIRED']);
    expect(errorsOf(request({ kind, signers: undefined }), { stage: 'draft' })).toEqual([]);
  });

  it('requires exactly one main addressee', () => {
    expect(errorsOf(request({ mainRecipients: [] }))).toEqual(['UPWARD_SINGLE_MAIN_RECIPIENT']);
    expect(errorsOf(request({ mainRecipients: ['江苏省人民政府', '江苏省财政厅'] }))).toEqual([
      'UPWARD_SINGLE_MAIN_RECIPIENT',
    ]);
  });

  it('never copies a 请示 to a subordinate agency', () => {
    const v = validateDocument(
      request({
        cc: [
          { name: '江苏省财政厅', relation: 'peer' },
          { name: '玄武区人民政府', relation: 'subordinate' },
        ],
      }),
      { today },
    ).violations;
    expect(v.map((x) => [x.code, x.path])).toEqual([['UPWARD_CC_SUBORDINATE', 'cc[1]']]);
    expect(v[0]?.message.zh).toContain('请示不得抄送下级机关');
  });

  it('treats any document sent upward by the same rules', () => {
    expect(errorsOf(notice({ kind: 'opinion', direction: 'up', mainRecipients: ['a', 'b'] }))).toEqual([
      'UPWARD_SIGNER_REQUIRED',
      'UPWARD_SINGLE_MAIN_RECIPIENT',
    ]);
  });

  it('refuses a kind sent in a direction it cannot travel', () => {
    expect(errorsOf(request({ direction: 'down' }))).toEqual(['DIRECTION_NOT_ALLOWED']);
    expect(errorsOf(notice({ kind: 'reply', direction: 'up', signers: ['张明'], mainRecipients: ['x'] }))).toEqual([
      'DIRECTION_NOT_ALLOWED',
    ]);
  });

  it('warns that 签发人 is not printed on downward documents', () => {
    expect(codes(notice({ signers: ['张明'] })).warnings).toEqual(['SIGNERS_ONLY_UPWARD']);
  });

  it('warns when a 通知 has no main addressee', () => {
    expect(codes(notice({ mainRecipients: [] })).warnings).toEqual(['MAIN_RECIPIENT_MISSING']);
  });
});

describe('formats', () => {
  it('keeps the order format for 命令 and the minutes format for 纪要', () => {
    expect(errorsOf(notice({ format: 'order', docNumber: '第5号' }))).toEqual(['FORMAT_KIND_MISMATCH']);
    expect(errorsOf(notice({ format: 'minutes' }))).toEqual(['FORMAT_KIND_MISMATCH']);
    expect(errorsOf(notice({ format: 'letter' }))).toEqual([]);
  });

  it('warns about attendance lists outside minutes', () => {
    expect(codes(notice({ minutes: { present: ['王强'] } })).warnings).toEqual(['MINUTES_FIELDS_UNUSED']);
  });
});

describe('agencies and joint issue (联合行文)', () => {
  const joint = (overrides: Partial<DocumentInput> = {}) =>
    notice({
      kind: 'letter',
      docNumber: '苏财函〔2026〕8号',
      issuers: [finance, education],
      mainRecipients: ['南京市人民政府'],
      ...overrides,
    });

  it('checks every issuer code, and recipient codes when given', () => {
    const bad = { ...education, code: '113200000141020596' };
    const { violations } = validateDocument(
      joint({ issuers: [finance, bad], cc: [{ name: '南京市人民政府', code: '11320100014168226' }] }),
      { today },
    );
    expect(violations.map((v) => [v.code, v.path])).toEqual([
      ['USCC_CHECK', 'issuers[1].code'],
      ['USCC_LENGTH', 'cc[0].code'],
    ]);
    expect(violations[0]?.message.zh).toContain('校验码应为“5”');
  });

  it.each([
    ['11320000014101881m', 'USCC_CHARACTER'],
    ['1132000001410188IM', 'USCC_CHARACTER'],
    ['113A00000141018810', 'USCC_DIVISION'],
  ])('refuses the malformed code %s', (code, expected) => {
    expect(errorsOf(notice({ issuers: [{ name: '某机关', code }] }))).toContain(expected);
  });

  it('refuses the same issuer twice', () => {
    expect(errorsOf(joint({ issuers: [finance, finance] }))).toEqual(['ISSUER_DUPLICATE']);
  });

  it('needs every co-issuer to seal a sealed joint document', () => {
    expect(errorsOf(joint())).toEqual([]);
    expect(errorsOf(joint({ issuers: [finance, { ...education, sealed: false }] }))).toEqual(['JOINT_SEAL_MISSING']);
    expect(
      errorsOf(
        joint({
          issuers: [finance, { ...education, sealed: false }],
          signature: { date: '2026-11-20', sealed: false },
        }),
      ),
    ).toEqual([]);
  });

  it('needs every co-issuer in the signature names when they are given', () => {
    expect(errorsOf(joint({ signature: { date: '2026-11-20', names: ['江苏省财政厅', '江苏省教育厅'] } }))).toEqual([]);
    expect(errorsOf(joint({ signature: { date: '2026-11-20', names: ['江苏省财政厅'] } }))).toEqual([
      'JOINT_SIGNATURE_MISSING',
    ]);
  });

  it('needs a 签发人 from each co-issuer of a joint upward document', () => {
    const upward = request({ issuers: [finance, education], signers: ['王红'] });
    expect(errorsOf(upward)).toEqual(['JOINT_SIGNER_MISSING']);
    expect(errorsOf({ ...upward, signers: ['王红', { name: '李强', issuerCode: education.code }] })).toEqual([]);
  });
});

describe('body and attachments', () => {
  it('checks heading numbering per level and warns about gaps', () => {
    const doc = notice({
      body: [
        { type: 'heading', level: 1, text: '一、总体要求' },
        { type: 'heading', level: 2, text: '（一）指导思想' },
        { type: 'heading', level: 3, text: '1.坚持人民至上' },
        { type: 'heading', level: 4, text: '（1）生命至上' },
        { type: 'heading', level: 2, text: '（二）工作目标' },
        { type: 'heading', level: 3, text: '1．重新编号' },
        { type: 'heading', level: 1, text: '三、保障措施' },
        { type: 'heading', level: 2, text: '一、错误的序号' },
        { type: 'paragraph', text: '  ' },
      ],
    });
    const { violations } = validateDocument(doc, { today });
    expect(violations.map((v) => [v.code, v.path])).toEqual([
      ['HEADING_SEQUENCE', 'body[6].text'],
      ['HEADING_NUMBERING', 'body[7].text'],
      ['BODY_BLOCK_EMPTY', 'body[8].text'],
    ]);
    expect(violations[0]?.message.zh).toContain('应为“二、”');
  });

  it('refuses punctuation after attachment names, and checks attachment bodies', () => {
    const doc = notice({
      attachments: [
        { title: '重点任务分工表' },
        { title: '联系人名单；' },
        { title: '工作方案', body: [{ type: 'heading', level: 1, text: '总体要求' }] },
      ],
    });
    expect(validateDocument(doc, { today }).violations.map((v) => [v.code, v.path])).toEqual([
      ['ATTACHMENT_TITLE_PUNCTUATION', 'attachments[1].title'],
      ['HEADING_NUMBERING', 'attachments[2].body[0].text'],
    ]);
  });
});
