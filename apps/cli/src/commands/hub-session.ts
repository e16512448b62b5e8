import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { HubClient, signDetached } from '@oa/exchange-server';
import { openKeyStore, type KeyStore } from '@oa/signature';
import { CliFailure, resolveUserPath } from '../io';
import { readSecret, secrets, type SecretSpec } from '../secret';

/**
 * How `oa exchange` and `oa hub` reach and log in to a hub: `--hub` (or OA_HUB_URL), then
 * either an agency key store (`--keystore`, PIN in OA_PIN) for an agency-system login by a
 * signed challenge, or a user (`--user`, password in OA_HUB_PASSWORD). Secrets come from the
 * environment, standard input (`--secrets-stdin`) or a prompt, never from arguments.
 */
export interface SessionOptions {
  hub?: string;
  keystore?: string;
  user?: string;
  agency?: string;
  secretsStdin?: boolean;
}

export const defaultHubUrl = 'http://127.0.0.1:8443';

export function addSessionOptions(command: Command): Command {
  return command
    .option('--hub <url>', `hub address (default OA_HUB_URL or ${defaultHubUrl})`)
    .option('--keystore <file.p12>', "the agency's seal key store (PIN in OA_PIN)")
    .option('--user <name>', 'log in as this user instead (password in OA_HUB_PASSWORD)')
    .option('--agency <code>', 'the agency to act for, when the user belongs to several')
    .option('--secrets-stdin', 'read the PIN or password from standard input');
}

/** The hub password of `--user` (environment, standard input or a hidden prompt). */
export const hubPassword: SecretSpec = { env: 'OA_HUB_PASSWORD', prompt: '交换中心登录密码 / hub password: ' };

export async function loadKeyStore(file: string, secretsStdin?: boolean): Promise<KeyStore> {
  let bytes: Buffer;
  try {
    bytes = await readFile(resolveUserPath(file));
  } catch (error) {
    throw new CliFailure(2, 'FILE_UNREADABLE', {
      zh: `无法读取证书库 ${file}（${(error as Error).message}）。`,
      en: `Cannot read the key store ${file} (${(error as Error).message}).`,
    });
  }
  return openKeyStore(bytes, await readSecret(secrets.pin, secretsStdin));
}

/** The agency a seal key store belongs to (its certificate's 统一社会信用代码). */
export function agencyOfKeyStore(keyStore: KeyStore): string {
  const code = keyStore.certificate.subject.organizationIdentifier;
  if (!code) {
    throw new CliFailure(2, 'NOT_A_SEAL', {
      zh: '该证书库不是单位印章证书（证书中没有统一社会信用代码）。',
      en: 'The key store does not hold an agency seal certificate (no unified social credit code in it).',
    });
  }
  return code;
}

export interface Session {
  client: HubClient;
  agency: string | undefined;
  keyStore: KeyStore | undefined;
}

/** Logs in as the options say; a command that signs (send, sign-for) needs the key store. */
export async function openSession(options: SessionOptions, needs: { keyStore?: boolean } = {}): Promise<Session> {
  const client = new HubClient(options.hub ?? process.env['OA_HUB_URL'] ?? defaultHubUrl);
  const keyStore = options.keystore ? await loadKeyStore(options.keystore, options.secretsStdin) : undefined;
  if (needs.keyStore && !keyStore) {
    throw new CliFailure(2, 'USAGE', {
      zh: '此命令需要用单位印章签名：请用 --keystore 指定印章证书库。',
      en: "This command signs with the agency's seal: give the seal key store with --keystore.",
    });
  }
  if (options.user) {
    const token = await client.login(options.user, await readSecret(hubPassword, options.secretsStdin), options.agency);
    return { client, agency: token.agency, keyStore };
  }
  if (keyStore) {
    const agency = agencyOfKeyStore(keyStore);
    await client.agencyLogin(agency, (challenge) => signDetached(keyStore, challenge));
    return { client, agency, keyStore };
  }
  throw new CliFailure(2, 'USAGE', {
    zh: '需要登录：请用 --keystore（单位系统）或 --user（用户）。',
    en: 'Log in with --keystore (agency system) or --user (a user).',
  });
}
