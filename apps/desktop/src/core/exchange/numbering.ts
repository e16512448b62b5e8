import { formatDocNumber } from '@oa/shared';
import type { CoreContext } from '../context';
import { desktopError } from '../errors';

/**
 * The agency's 发文字号 sequence (登记): one counter per 机关代字 and year, allocated in a
 * transaction so two registrations never get the same number. A number handed out and not
 * used stays used (a gap is visible in the register, a duplicate would be a real error).
 */
export interface AllocatedNumber {
  docNumber: string;
  prefix: string;
  year: number;
  number: number;
}

/** 机关代字: Chinese characters, letters or digits, without the year brackets or 号. */
const prefixPattern = /^[\p{Script=Han}A-Za-z0-9]{1,20}$/u;

export function allocateDocNumber(context: CoreContext, prefix: string, year: number): AllocatedNumber {
  const trimmed = prefix.trim();
  if (!prefixPattern.test(trimmed) || trimmed.endsWith('号')) {
    throw desktopError('DOC_NUMBER_PREFIX_INVALID', { prefix });
  }
  const number = context.db.transaction(() => {
    const row = context.db
      .prepare(
        `INSERT INTO doc_number_sequences (prefix, year, last_number) VALUES (?, ?, 1)
         ON CONFLICT(prefix, year) DO UPDATE SET last_number = last_number + 1
         RETURNING last_number AS lastNumber`,
      )
      .get(trimmed, year) as { lastNumber: number };
    return row.lastNumber;
  })();
  return { docNumber: formatDocNumber({ prefix: trimmed, year, serial: number }), prefix: trimmed, year, number };
}
