import { CliFailure } from './io';

/** Where a secret (PIN, CA passphrase) may come from: never from argv, never echoed or logged. */
export interface SecretSpec {
  /** Environment variable, e.g. OA_PIN. */
  env: string;
  /** Prompt text for a terminal. */
  prompt: string;
}

export const secrets = {
  caPassphrase: { env: 'OA_CA_PASSPHRASE', prompt: 'CA 口令 / CA passphrase: ' },
  pin: { env: 'OA_PIN', prompt: 'PIN: ' },
  newPin: { env: 'OA_NEW_PIN', prompt: '新证书库的 PIN / PIN for the new key store: ' },
} as const satisfies Record<string, SecretSpec>;

let stdinLines: string[] | undefined;

/** Reads stdin once and hands out its lines in order (for --secrets-stdin). */
async function stdinLine(): Promise<string | undefined> {
  if (!stdinLines) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    stdinLines = Buffer.concat(chunks).toString('utf8').split(/\r?\n/);
  }
  return stdinLines.shift();
}

/** Prompts on the terminal without echo. */
function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    process.stderr.write(prompt);
    let value = '';
    input.setRawMode(true);
    input.resume();
    const onData = (data: Buffer): void => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (char === '\u0003') {
          finish();
          reject(new CliFailure(130, 'CANCELLED', { zh: '已取消。', en: 'Cancelled.' }));
          return;
        }
        value = char === '\u007f' ? value.slice(0, -1) : value + char;
      }
    };
    const finish = (): void => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
    };
    input.on('data', onData);
  });
}

/**
 * A secret from (in order) stdin when `fromStdin` (one per line, in the order the command asks),
 * the environment variable, or a hidden terminal prompt.
 */
export async function readSecret(spec: SecretSpec, fromStdin: boolean | undefined): Promise<string> {
  if (fromStdin) {
    const line = await stdinLine();
    if (line) return line;
  }
  const fromEnv = process.env[spec.env];
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) return promptHidden(spec.prompt);
  throw new CliFailure(2, 'SECRET_REQUIRED', {
    zh: `需要 ${spec.prompt.replace(/[:：]\s*$/, '')}：请设置环境变量 ${spec.env}，或用 --secrets-stdin 从标准输入提供（不要写在命令行参数里）。`,
    en: `A secret is needed (${spec.prompt.replace(/[:：]\s*$/, '')}): set ${spec.env}, or pass it on standard input with --secrets-stdin (never as an argument).`,
  });
}
