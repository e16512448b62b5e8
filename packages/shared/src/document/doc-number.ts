/**
 * 发文字号: agency code (机关代字) + year in 六角括号 〔〕 + serial + 号, with no 第 and
 * no zero padding: `国办发〔2012〕12号`. In the order format it is a 令号: `第5号`;
 * minutes may carry a 期号 (`第25期`) instead.
 */
export const docNumberPattern = /^.+〔\d{4}〕[1-9]\d*号$/;
export const orderNumberPattern = /^第[1-9]\d*号$/;
/** 纪要 may carry an issue number (期号) instead: `第25期`. */
export const minutesIssuePattern = /^第[1-9]\d*期$/;

export interface DocNumber {
  /** 机关代字, e.g. `国办发`. */
  prefix: string;
  year: number;
  serial: number;
}

export type DocNumberProblem =
  | 'empty'
  | 'brackets' // 〔〕 must be U+3014/U+3015, not [] () （） 【】
  | 'has-di' // 第 must not appear before the serial
  | 'zero-padded'
  | 'missing-hao'
  | 'missing-prefix'
  | 'malformed';

const wrongBrackets = /[[\]【】（）()〈〉{}［］]/;

export function formatDocNumber(number: DocNumber): string {
  return `${number.prefix}〔${number.year}〕${number.serial}号`;
}

export function parseDocNumber(text: string): DocNumber | undefined {
  const match = /^(.+)〔(\d{4})〕([1-9]\d*)号$/.exec(text);
  if (!match) return undefined;
  return { prefix: match[1]!, year: Number(match[2]), serial: Number(match[3]) };
}

/** The reasons a 发文字号 is malformed, most specific first; empty when it is well formed. */
export function checkDocNumber(text: string): DocNumberProblem[] {
  const value = text.trim();
  if (value === '') return ['empty'];
  if (docNumberPattern.test(value)) return [];
  const problems: DocNumberProblem[] = [];
  if (wrongBrackets.test(value) && !value.includes('〔')) problems.push('brackets');
  if (/[〕\])）】]\s*第/.test(value)) problems.push('has-di');
  if (/[〕\])）】]\s*第?0\d*号$/.test(value)) problems.push('zero-padded');
  if (!value.endsWith('号')) problems.push('missing-hao');
  if (/^[〔[(（【]/.test(value)) problems.push('missing-prefix');
  if (problems.length === 0) problems.push('malformed');
  return problems;
}

/** A corrected form for the common mistakes, for messages that say what to type instead. */
export function suggestDocNumber(text: string): string | undefined {
  const match = /^(.+?)\s*[〔[(（【［]\s*(\d{4})\s*[〕\])）】］]\s*第?\s*0*([1-9]\d*)\s*号?$/.exec(text.trim());
  if (!match) return undefined;
  return `${match[1]}〔${match[2]}〕${match[3]}号`;
}
