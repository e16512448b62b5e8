import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { todayInChina, validateDocument, type SealPosition } from '@oa/shared';
import { loadFonts, parseFontMap, typeset, type FontMap } from '@oa/typeset';
import { CliFailure, readJsonFile, resolveUserPath } from '../io';
import type { CommandContext } from '../context';
import { formatReport, readDocumentFile } from './validate';

export interface TypesetReport {
  file: string;
  output: string;
  pages: number;
  bytes: number;
  sealPositions: SealPosition[];
}

/** Reads fonts.json; relative font paths in it are relative to the file itself. */
async function readFontMap(file: string | undefined): Promise<FontMap | undefined> {
  if (!file) return undefined;
  const read = await readJsonFile(file);
  if (!read.ok) throw read.failure;
  const map = parseFontMap(read.value);
  const base = path.dirname(resolveUserPath(file));
  for (const source of Object.values(map)) source.file = path.resolve(base, source.file);
  return map;
}

/**
 * `oa typeset`: validates the document (invalid ones are refused with their violations,
 * exit 1), typesets it to a GB/T 9704 PDF and reports the seal positions.
 */
export function registerTypeset(program: Command, context: CommandContext): void {
  program
    .command('typeset')
    .description('按 GB/T 9704 排版公文并输出 PDF / typeset a document as a GB/T 9704 PDF')
    .argument('<document.json>', 'the document file')
    .requiredOption('-o, --output <file.pdf>', 'where to write the PDF')
    .option('--fonts <fonts.json>', 'font map: role (仿宋, 黑体, …) → font file')
    .option('--json', 'print the result (pages, seal positions) as JSON')
    .action(async (file: string, options: { output: string; fonts?: string; json?: boolean }) => {
      const input = await readDocumentFile(file);
      const result = validateDocument(input, { stage: 'final', today: todayInChina() });
      if (!result.ok || !result.document) {
        context.err(formatReport({ file, ok: false, violations: result.violations }, context.locale()));
        context.setExitCode(1);
        return;
      }
      if (result.violations.length > 0 && !options.json) {
        // Warnings do not stop typesetting, but the user sees them.
        context.err(formatReport({ file, ok: true, violations: result.violations }, context.locale()));
      }
      const map = await readFontMap(options.fonts);
      const fonts = await loadFonts(map ? { map } : {});
      const output = await typeset(result.document, fonts);
      const target = resolveUserPath(options.output);
      try {
        await writeFile(target, output.pdf);
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        throw new CliFailure(2, 'OUTPUT_UNWRITABLE', {
          zh: `无法写入 ${options.output}（${reason}），请检查目录是否存在、是否有写权限。`,
          en: `Cannot write ${options.output} (${reason}); check that the folder exists and is writable.`,
        });
      }
      const report: TypesetReport = {
        file,
        output: options.output,
        pages: output.pageCount,
        bytes: output.pdf.byteLength,
        sealPositions: output.sealPositions,
      };
      if (options.json) {
        context.out(JSON.stringify(report, null, 2));
        return;
      }
      const en = context.locale() === 'en';
      context.out(
        en
          ? `${options.output}: ${report.pages} pages, ${report.bytes} bytes`
          : `${options.output}：共 ${report.pages} 页，${report.bytes} 字节`,
      );
      for (const seal of report.sealPositions) {
        const where = `${seal.page + 1}, (${seal.centerX}, ${seal.centerY}) pt, ⌀ ${seal.diameter} pt`;
        context.out(en ? `seal of ${seal.issuerName}: page ${where}` : `${seal.issuerName} 印章位置：第 ${where}`);
      }
    });
}
