import type { LocalizedText } from '../i18n';

/**
 * Every rule a document can break, with its stable code, severity and messages.
 * Messages take `{name}` placeholders. Codes never change meaning once released;
 * docs/document-format.md lists them.
 */
export type Severity = 'error' | 'warning';

interface RuleText {
  severity: Severity;
  zh: string;
  en: string;
}

export const violationCatalog = {
  // Structure (the JSON is a document but a field is missing or of the wrong type).
  SCHEMA_REQUIRED: { severity: 'error', zh: '缺少必填项“{field}”。', en: 'The required field "{field}" is missing.' },
  SCHEMA_EMPTY: {
    severity: 'error',
    zh: '“{field}”不能为空，至少需要一项。',
    en: '"{field}" must not be empty; give at least one item.',
  },
  SCHEMA_ENUM: {
    severity: 'error',
    zh: '“{field}”的值“{value}”无效，可选值：{options}。',
    en: '"{field}" has the invalid value "{value}"; allowed: {options}.',
  },
  SCHEMA_TYPE: {
    severity: 'error',
    zh: '“{field}”的类型应为{expected}。',
    en: '"{field}" must be of type {expected}.',
  },
  SCHEMA_INVALID: {
    severity: 'error',
    zh: '“{field}”不符合格式要求：{detail}',
    en: '"{field}" is not valid: {detail}',
  },
  SCHEMA_UNKNOWN_FIELD: {
    severity: 'warning',
    zh: '未知字段“{field}”将被忽略，请检查拼写。',
    en: 'Unknown field "{field}" is ignored; check its spelling.',
  },

  // 发文字号 / 令号.
  DOC_NUMBER_REQUIRED: {
    severity: 'error',
    zh: '正式公文必须有发文字号（登记时编号）。',
    en: 'A final document needs its 发文字号 (allocated at registration).',
  },
  DOC_NUMBER_FORMAT: {
    severity: 'error',
    zh: '发文字号“{value}”格式不正确，应为“机关代字〔年份〕序号号”，如“国办发〔2012〕12号”。',
    en: 'The document number "{value}" is malformed; write agency code, year in 〔〕, serial and 号, e.g. 国办发〔2012〕12号.',
  },
  DOC_NUMBER_BRACKETS: {
    severity: 'error',
    zh: '发文字号“{value}”的年份应使用六角括号〔〕，不能用[]、（）或【】{suggestion}。',
    en: 'The year in "{value}" must be in hexagonal brackets 〔〕, not [] () or 【】{suggestion}.',
  },
  DOC_NUMBER_HAS_DI: {
    severity: 'error',
    zh: '发文字号“{value}”的序号前不加“第”字{suggestion}。',
    en: 'No 第 before the serial in "{value}"{suggestion}.',
  },
  DOC_NUMBER_ZERO_PADDED: {
    severity: 'error',
    zh: '发文字号“{value}”的序号不编虚位（不补零）{suggestion}。',
    en: 'The serial in "{value}" must not be zero-padded{suggestion}.',
  },
  DOC_NUMBER_YEAR_MISMATCH: {
    severity: 'warning',
    zh: '发文字号年份{year}与成文日期年份{dateYear}不一致。',
    en: 'The year {year} in the document number differs from the year {dateYear} of the date.',
  },
  ORDER_NUMBER_FORMAT: {
    severity: 'error',
    zh: '命令格式的令号“{value}”应写作“第N号”，如“第5号”。',
    en: 'In the order format the number "{value}" must read 第N号, e.g. 第5号.',
  },

  // 份号, 密级, 保密期限.
  COPY_NUMBER_FORMAT: {
    severity: 'error',
    zh: '份号“{value}”应为6位阿拉伯数字，如“000017”。',
    en: 'The copy number "{value}" must be 6 digits, e.g. 000017.',
  },
  COPY_NUMBER_REQUIRED: {
    severity: 'error',
    zh: '涉密公文必须标注份号。',
    en: 'A classified document must carry a copy number (份号).',
  },
  CLASSIFICATION_PERIOD_FORMAT: {
    severity: 'error',
    zh: '保密期限“{value}”格式不正确，应写作“10年”或“6个月”。',
    en: 'The secrecy period "{value}" is malformed; write e.g. 10年 or 6个月.',
  },
  CLASSIFICATION_PERIOD_TOO_LONG: {
    severity: 'error',
    zh: '{level}公文的保密期限不能超过{max}年（当前为{value}）。',
    en: 'A {levelEn} document may be kept secret for at most {max} years (given: {value}).',
  },
  CLASSIFICATION_PERIOD_MONTHS: {
    severity: 'error',
    zh: '保密期限“{value}”满一年的应以年计，如“{years}年”。',
    en: 'A period of a year or more is written in years: "{value}" should be {years}年.',
  },

  // Dates.
  DATE_FORMAT: {
    severity: 'error',
    zh: '{label}“{value}”格式不正确，应为“2026-07-04”或“2026年7月4日”。',
    en: '{labelEn} "{value}" is malformed; write 2026-07-04 or 2026年7月4日.',
  },
  DATE_ZERO_PADDED: {
    severity: 'error',
    zh: '{label}“{value}”的月、日不编虚位（不补零），应写作“{suggestion}”。',
    en: '{labelEn} "{value}" must not zero-pad month and day; write {suggestion}.',
  },
  DATE_NONEXISTENT: {
    severity: 'error',
    zh: '{label}“{value}”不是有效的日期。',
    en: '{labelEn} "{value}" is not a real calendar date.',
  },
  SIGNATURE_DATE_REQUIRED: {
    severity: 'error',
    zh: '正式公文必须有成文日期（最后签发领导的签发日期）。',
    en: 'A final document needs its date (成文日期: the date of the last signing leader).',
  },
  SIGNATURE_DATE_IN_FUTURE: {
    severity: 'error',
    zh: '成文日期{value}晚于今天（{today}），成文日期以领导签发日期为准。',
    en: 'The date {value} is after today ({today}); the date is the day the last leader signed.',
  },
  PRINTING_DATE_BEFORE_SIGNATURE: {
    severity: 'error',
    zh: '印发日期{value}早于成文日期{signatureDate}。',
    en: 'The printing date {value} is before the document date {signatureDate}.',
  },

  // Routing (条例 第十五条).
  DIRECTION_NOT_ALLOWED: {
    severity: 'error',
    zh: '{kind}不能作为{direction}使用。',
    en: 'A {kindEn} cannot be sent {directionEn}.',
  },
  UPWARD_SIGNER_REQUIRED: {
    severity: 'error',
    zh: '上行文（{kind}）必须标注签发人。',
    en: 'An upward document ({kindEn}) must name its 签发人 (signing leader).',
  },
  UPWARD_SINGLE_MAIN_RECIPIENT: {
    severity: 'error',
    zh: '上行文只能主送一个上级机关（当前{count}个），需要同时送其他机关的用抄送。',
    en: 'An upward document has exactly one main addressee (given: {count}); copy the others.',
  },
  UPWARD_CC_SUBORDINATE: {
    severity: 'error',
    zh: '{kind}不得抄送下级机关（“{name}”）。',
    en: 'A {kindEn} must not be copied to a subordinate agency ("{name}").',
  },
  SIGNERS_ONLY_UPWARD: {
    severity: 'warning',
    zh: '签发人只在上行文中标注，下行文和平行文不印签发人。',
    en: 'Only upward documents print 签发人; it is ignored here.',
  },
  MAIN_RECIPIENT_MISSING: {
    severity: 'warning',
    zh: '{kind}通常需要主送机关。',
    en: 'A {kindEn} usually has a main addressee.',
  },
  FORMAT_KIND_MISMATCH: {
    severity: 'error',
    zh: '{format}只用于{kinds}，当前文种为{kind}。',
    en: 'The {formatEn} is only for {kindsEn}; this document is a {kindEn}.',
  },
  MINUTES_FIELDS_UNUSED: {
    severity: 'warning',
    zh: '出席、请假、列席名单只在纪要中使用。',
    en: 'Attendance lists are only used in minutes.',
  },

  // Agencies and joint issue (联合行文).
  USCC_LENGTH: {
    severity: 'error',
    zh: '统一社会信用代码“{value}”应为18位（当前{length}位）。',
    en: 'The unified social credit code "{value}" must have 18 characters (has {length}).',
  },
  USCC_CHARACTER: {
    severity: 'error',
    zh: '统一社会信用代码“{value}”第{position}位的“{character}”不允许使用（只用数字和除I、O、S、V、Z外的大写字母）。',
    en: 'Character {position} "{character}" of "{value}" is not allowed (digits and capitals except I, O, S, V, Z).',
  },
  USCC_DIVISION: {
    severity: 'error',
    zh: '统一社会信用代码“{value}”第3–8位应为6位行政区划代码。',
    en: 'Characters 3–8 of "{value}" must be a 6-digit administrative division code.',
  },
  USCC_ORG_CODE_CHECK: {
    severity: 'error',
    zh: '统一社会信用代码“{value}”中组织机构代码的校验码应为“{expected}”，实为“{actual}”，请核对代码。',
    en: 'The organisation-code check character in "{value}" should be {expected}, not {actual}; check the code.',
  },
  USCC_CHECK: {
    severity: 'error',
    zh: '统一社会信用代码“{value}”的校验码应为“{expected}”，实为“{actual}”，请核对代码。',
    en: 'The check character of "{value}" should be {expected}, not {actual}; check the code.',
  },
  ISSUER_DUPLICATE: {
    severity: 'error',
    zh: '发文机关“{name}”重复出现。',
    en: 'The issuing agency "{name}" appears twice.',
  },
  JOINT_SEAL_MISSING: {
    severity: 'error',
    zh: '联合行文须加盖所有发文机关的印章，“{name}”未用印。',
    en: 'A joint document needs every issuer\'s seal; "{name}" has none.',
  },
  JOINT_SIGNATURE_MISSING: {
    severity: 'error',
    zh: '联合行文须有所有发文机关署名，缺少“{name}”。',
    en: 'A joint document is signed by every issuer; "{name}" is missing.',
  },
  JOINT_SIGNER_MISSING: {
    severity: 'error',
    zh: '联合上报的公文须标注每个发文机关的签发人（{issuers}个机关，{signers}个签发人）。',
    en: 'A joint upward document names a signing leader for each issuer ({issuers} issuers, {signers} signers).',
  },

  // Body and attachments.
  BODY_BLOCK_EMPTY: { severity: 'error', zh: '正文第{index}段为空。', en: 'Body block {index} is empty.' },
  HEADING_NUMBERING: {
    severity: 'error',
    zh: '第{level}层标题应以“{example}”式序号开头：“{text}”。',
    en: 'A level-{level} heading starts with numbering like "{example}": "{text}".',
  },
  HEADING_SEQUENCE: {
    severity: 'warning',
    zh: '标题序号不连续：应为“{expected}”，实为“{actual}”。',
    en: 'Heading numbers skip: expected "{expected}", found "{actual}".',
  },
  ATTACHMENT_TITLE_PUNCTUATION: {
    severity: 'error',
    zh: '附件名称“{value}”后不加标点符号。',
    en: 'No punctuation after the attachment name "{value}".',
  },
} as const satisfies Record<string, RuleText>;

export type ViolationCode = keyof typeof violationCatalog;

/** One broken rule: where (a path like `issuers[1].code`), which rule, and what to do. */
export interface Violation {
  code: ViolationCode;
  path: string;
  severity: Severity;
  message: LocalizedText;
}

export type ViolationParams = Record<string, string | number>;

function fill(template: string, params: ViolationParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function violation(code: ViolationCode, path: string, params: ViolationParams = {}): Violation {
  const rule: RuleText = violationCatalog[code];
  return { code, path, severity: rule.severity, message: { zh: fill(rule.zh, params), en: fill(rule.en, params) } };
}
