import type { LocalizedText } from './i18n';

/**
 * An error that crosses a boundary (CLI, IPC, HTTP): a stable code for programs,
 * a message for people, and optional structured details. Never carries a stack to users.
 */
export class OaError extends Error {
  readonly code: string;
  readonly text: LocalizedText;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: string, text: LocalizedText, details?: Record<string, unknown>) {
    super(`${code}: ${text.en}`);
    this.name = 'OaError';
    this.code = code;
    this.text = text;
    this.details = details;
  }

  toJSON(): { code: string; message: LocalizedText; details?: Record<string, unknown> } {
    return this.details === undefined
      ? { code: this.code, message: this.text }
      : { code: this.code, message: this.text, details: { ...this.details } };
  }
}

export function isOaError(value: unknown): value is OaError {
  return value instanceof OaError;
}
