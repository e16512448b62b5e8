import { CliFailure } from '../io';

/**
 * The PIN of a key store: `--pin`, else the environment variable OA_PIN (so scripts need not put
 * it on the command line, where other users could see it in the process list).
 */
export function pinFrom(option: string | undefined): string {
  const pin = option ?? process.env['OA_PIN'];
  if (!pin) {
    throw new CliFailure(2, 'PIN_REQUIRED', {
      zh: '需要密钥库的 PIN：使用 --pin 或设置环境变量 OA_PIN。',
      en: 'The key store PIN is needed: pass --pin or set OA_PIN.',
    });
  }
  return pin;
}
