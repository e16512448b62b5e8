import type { Locale } from '@oa/shared';

/** What commands need from the program around them: output, language, exit status. */
export interface CommandContext {
  out(text: string): void;
  err(text: string): void;
  locale(): Locale;
  setExitCode(code: number): void;
}
