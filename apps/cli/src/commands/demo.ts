import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { formatReport, validateFile } from './validate';

const examplesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../docs/examples');

/** `oa demo`: what `pnpm start` runs until the desktop app exists. */
export function registerDemo(program: Command, context: CommandContext): void {
  program
    .command('demo')
    .description('演示：校验 docs/examples 中的示例公文 / demo: validate the example documents')
    .action(async () => {
      const files = (await readdir(examplesDir)).filter((f) => f.endsWith('.json')).sort();
      let valid = 0;
      for (const file of files) {
        const report = await validateFile(path.join(examplesDir, file), {});
        if (report.ok) valid++;
        context.out(formatReport({ ...report, file }, context.locale()));
      }
      context.out(
        context.locale() === 'en'
          ? `${valid} of ${files.length} example documents are valid.`
          : `示例公文 ${files.length} 份，其中 ${valid} 份符合规范。`,
      );
      context.setExitCode(valid === files.length ? 0 : 1);
    });
}
