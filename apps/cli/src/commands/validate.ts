import type { Command } from 'commander';
import { looksLikeDocument, pickText, todayInChina, validateDocument, type Locale } from '@oa/shared';
import { CliFailure, readJsonFile } from '../io';
import type { CommandContext } from '../context';

export interface ValidateReport {
  file: string;
  ok: boolean;
  violations: ReturnType<typeof validateDocument>['violations'];
}

/** Validates one document file. Exit: 0 valid, 1 violations, 2 not JSON / not a document. */
/** Reads a file meant as a document: not JSON, or JSON that is no document, exits 2. */
export async function readDocumentFile(file: string): Promise<unknown> {
  const read = await readJsonFile(file);
  if (!read.ok) throw read.failure;
  if (!looksLikeDocument(read.value)) {
    throw new CliFailure(2, 'NOT_A_DOCUMENT', {
      zh: `${file} 不是公文：需要一个至少包含 kind 或 title 字段的 JSON 对象（见 docs/document-format.md）。`,
      en: `${file} is not a document: expected a JSON object with at least "kind" or "title" (see docs/document-format.md).`,
    });
  }
  return read.value;
}

export async function validateFile(file: string, options: { draft?: boolean }): Promise<ValidateReport> {
  const input = await readDocumentFile(file);
  const result = validateDocument(input, { stage: options.draft ? 'draft' : 'final', today: todayInChina() });
  return { file, ok: result.ok, violations: result.violations };
}

export function formatReport(report: ValidateReport, locale: Locale): string {
  const lines: string[] = [];
  const errors = report.violations.filter((v) => v.severity === 'error').length;
  const warnings = report.violations.length - errors;
  for (const v of report.violations) {
    const label = v.severity === 'error' ? (locale === 'en' ? 'error' : '错误') : locale === 'en' ? 'warning' : '警告';
    lines.push(`${label} ${v.code} ${v.path || '(document)'}: ${pickText(v.message, locale)}`);
  }
  lines.push(
    locale === 'en'
      ? `${report.file}: ${report.ok ? 'valid' : 'invalid'} (${errors} errors, ${warnings} warnings)`
      : `${report.file}：${report.ok ? '符合规范' : '不符合规范'}（${errors} 个错误，${warnings} 个警告）`,
  );
  return lines.join('\n');
}

export function registerValidate(program: Command, context: CommandContext): void {
  program
    .command('validate')
    .description(
      '检查公文 JSON 是否符合 GB/T 9704 与《党政机关公文处理工作条例》 / check a document JSON against the rules',
    )
    .argument('<document.json>', 'the document file')
    .option('--draft', 'validate as a draft: 发文字号 and 成文日期 may still be missing')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, options: { draft?: boolean; json?: boolean }) => {
      const report = await validateFile(file, options);
      context.out(options.json ? JSON.stringify(report, null, 2) : formatReport(report, context.locale()));
      context.setExitCode(report.ok ? 0 : 1);
    });
}
