import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pickText, type Locale, type LocalizedText } from '@oa/shared';

/** Paths on the command line are relative to where the user ran the command (pnpm changes cwd). */
export function resolveUserPath(file: string): string {
  return path.resolve(process.env['INIT_CWD'] ?? process.cwd(), file);
}

/** A failure the CLI reports as one line (never a stack) with its exit code. */
export class CliFailure extends Error {
  constructor(
    readonly exitCode: number,
    readonly code: string,
    readonly text: LocalizedText,
  ) {
    super(`${code}: ${text.en}`);
  }
}

export type JsonRead = { ok: true; value: unknown } | { ok: false; failure: CliFailure };

/** Line and column (1-based) of a character offset, for parse errors people can find. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Reads and parses a JSON file; a missing file or bad JSON becomes a CliFailure with exit 2. */
export async function readJsonFile(file: string): Promise<JsonRead> {
  let text: string;
  try {
    text = await readFile(resolveUserPath(file), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : String((error as Error).message);
    return {
      ok: false,
      failure: new CliFailure(2, 'FILE_UNREADABLE', {
        zh: `无法读取文件 ${file}（${reason === 'not found' ? '文件不存在' : reason}）。`,
        en: `Cannot read ${file} (${reason}).`,
      }),
    };
  }
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (error) {
    const message = (error as Error).message;
    const offsetMatch = /position (\d+)/.exec(message);
    const where = offsetMatch ? position(text, Number(offsetMatch[1])) : undefined;
    const at = where ? `第${where.line}行第${where.column}列` : '';
    const atEn = where ? ` at line ${where.line}, column ${where.column}` : '';
    return {
      ok: false,
      failure: new CliFailure(2, 'NOT_JSON', {
        zh: `${file} 不是有效的 JSON${at ? `：${at}` : ''}（${message}）。`,
        en: `${file} is not valid JSON${atEn} (${message}).`,
      }),
    };
  }
}

export function say(text: LocalizedText, locale: Locale): string {
  return pickText(text, locale);
}
