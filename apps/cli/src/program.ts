import { Command, CommanderError } from 'commander';
import { isOaError, pickText, type Locale } from '@oa/shared';
import { commandRegistrations } from './commands/index';
import type { CommandContext } from './context';
import { CliFailure } from './io';

export interface RunOptions {
  out?: (text: string) => void;
  err?: (text: string) => void;
}

function localeFromEnv(): Locale {
  const lang = process.env['OA_LANG'] ?? '';
  return lang.startsWith('en') ? 'en' : 'zh-CN';
}

/**
 * Runs `oa` with the given arguments (without node and script) and returns the exit code.
 * Errors become one readable line with a stable code; stacks are never shown.
 */
export async function runCli(argv: readonly string[], options: RunOptions = {}): Promise<number> {
  const out = options.out ?? ((text: string) => process.stdout.write(`${text}\n`));
  const err = options.err ?? ((text: string) => process.stderr.write(`${text}\n`));
  let exitCode = 0;
  let locale: Locale = localeFromEnv();
  const context: CommandContext = {
    out,
    err,
    locale: () => locale,
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  const program = new Command('oa')
    .description('公文 OA 命令行 / command line of the 公文 OA system')
    .option('--lang <locale>', 'message language: zh-CN (default) or en')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out(s.trimEnd()), writeErr: (s) => err(s.trimEnd()) })
    .hook('preAction', (command) => {
      const lang = command.opts<{ lang?: string }>().lang;
      if (lang) locale = lang.startsWith('en') ? 'en' : 'zh-CN';
    });
  for (const register of commandRegistrations) register(program, context);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage mistakes with 2.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof CliFailure) {
      err(`${error.code}: ${pickText(error.text, locale)}`);
      return error.exitCode;
    }
    if (isOaError(error)) {
      err(`${error.code}: ${pickText(error.text, locale)}`);
      return 1;
    }
    err(
      locale === 'en'
        ? `INTERNAL: an unexpected error occurred (${(error as Error).message}). Please report it.`
        : `INTERNAL：发生意外错误（${(error as Error).message}），请报告此问题。`,
    );
    return 70;
  }
}
