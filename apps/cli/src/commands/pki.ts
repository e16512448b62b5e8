import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { crlToPem, PkiStore, revocationReasons, type RevocationReason } from '@oa/signature';
import type { CommandContext } from '../context';
import { CliFailure, resolveUserPath } from '../io';
import { readSecret, secrets } from '../secret';

interface SubjectOptions {
  cn: string;
  org?: string;
  code?: string;
  ou?: string;
  title?: string;
  country?: string;
}

export function subjectFrom(options: SubjectOptions): {
  commonName: string;
  organization?: string;
  organizationIdentifier?: string;
  organizationalUnit?: string;
  title?: string;
  country?: string;
} {
  return {
    commonName: options.cn,
    ...(options.org ? { organization: options.org } : {}),
    ...(options.code ? { organizationIdentifier: options.code } : {}),
    ...(options.ou ? { organizationalUnit: options.ou } : {}),
    ...(options.title ? { title: options.title } : {}),
    country: options.country ?? 'CN',
  };
}

export async function openStore(dir: string): Promise<PkiStore> {
  return PkiStore.open(resolveUserPath(dir));
}

const say = (context: CommandContext, zh: string, en: string): void => context.out(context.locale() === 'en' ? en : zh);

/** `oa pki init|issue|revoke|crl|list`: the deployment's certificate authority. */
export function registerPki(program: Command, context: CommandContext): void {
  const pki = program.command('pki').description('证书管理：根 CA、签发、吊销、CRL / certificate authority');
  pki
    .command('init')
    .description('创建部署根 CA（私钥用 CA 口令加密） / create the deployment root CA')
    .requiredOption('--dir <dir>', 'PKI directory')
    .requiredOption('--cn <name>', 'CA common name, e.g. 江宁市电子政务根证书')
    .option('--org <name>', 'organization')
    .option('--country <CC>', 'country code', 'CN')
    .option('--secrets-stdin', 'read the CA passphrase from standard input')
    .action(async (options: SubjectOptions & { dir: string; secretsStdin?: boolean }) => {
      const passphrase = await readSecret(secrets.caPassphrase, options.secretsStdin);
      const store = await PkiStore.init(resolveUserPath(options.dir), { subject: subjectFrom(options), passphrase });
      const cert = store.root.certificate;
      say(
        context,
        `已创建根 CA：${cert.subjectText}，序列号 ${cert.serialHex}，指纹 ${cert.fingerprint}`,
        `Root CA created: ${cert.subjectText}, serial ${cert.serialHex}, fingerprint ${cert.fingerprint}`,
      );
    });
  pki
    .command('issue')
    .description(
      '签发印章证书或个人签名证书，写入 PIN 保护的 PKCS#12 证书库 / issue a seal or personal certificate into a PIN-protected PKCS#12 file',
    )
    .requiredOption('--dir <dir>', 'PKI directory')
    .requiredOption('--profile <profile>', 'seal (agency seal: needs --org and --code) or personal')
    .requiredOption('--cn <name>', 'common name (person or seal name)')
    .option('--org <name>', 'agency name')
    .option('--code <uscc>', "agency's 统一社会信用代码")
    .option('--ou <unit>', 'department')
    .option('--title <title>', 'job title (personal certificates)')
    .option('--name <file-name>', 'key store file name (default: the serial)')
    .option('--secrets-stdin', 'read the CA passphrase, then the new PIN, from standard input')
    .action(
      async (options: SubjectOptions & { dir: string; profile: string; name?: string; secretsStdin?: boolean }) => {
        if (options.profile !== 'seal' && options.profile !== 'personal') {
          throw new CliFailure(2, 'USAGE', {
            zh: '--profile 只能是 seal 或 personal。',
            en: '--profile must be seal or personal.',
          });
        }
        const store = await openStore(options.dir);
        const passphrase = await readSecret(secrets.caPassphrase, options.secretsStdin);
        store.unlock(passphrase);
        const pin = await readSecret(secrets.newPin, options.secretsStdin);
        const { certificate, keyStoreFile } = await store.issue(passphrase, {
          profile: options.profile,
          subject: subjectFrom(options),
          pin,
          ...(options.name ? { name: options.name } : {}),
        });
        say(
          context,
          `已签发证书：${certificate.subjectText}，序列号 ${certificate.serialHex}，证书库 ${keyStoreFile}`,
          `Issued: ${certificate.subjectText}, serial ${certificate.serialHex}, key store ${keyStoreFile}`,
        );
      },
    );
  pki
    .command('revoke')
    .description('吊销证书并发布新的 CRL / revoke a certificate and publish a new CRL')
    .argument('<serial>', 'certificate serial (hex)')
    .requiredOption('--dir <dir>', 'PKI directory')
    .option('--reason <reason>', `one of ${Object.keys(revocationReasons).join(', ')}`, 'unspecified')
    .option('--secrets-stdin', 'read the CA passphrase from standard input')
    .action(async (serial: string, options: { dir: string; reason: string; secretsStdin?: boolean }) => {
      if (!(options.reason in revocationReasons)) {
        throw new CliFailure(2, 'USAGE', {
          zh: `吊销原因必须是 ${Object.keys(revocationReasons).join('、')} 之一。`,
          en: `The reason must be one of ${Object.keys(revocationReasons).join(', ')}.`,
        });
      }
      const store = await openStore(options.dir);
      await store.certificate(serial);
      const passphrase = await readSecret(secrets.caPassphrase, options.secretsStdin);
      await store.revoke(passphrase, serial, options.reason as RevocationReason);
      say(
        context,
        `已吊销 ${serial.toUpperCase()}；新 CRL：${store.crlFile}`,
        `Revoked ${serial.toUpperCase()}; new CRL: ${store.crlFile}`,
      );
    });
  pki
    .command('crl')
    .description('发布新的证书吊销列表 / publish a fresh CRL')
    .requiredOption('--dir <dir>', 'PKI directory')
    .option('--out <file>', 'also write the CRL (PEM) here')
    .option('--secrets-stdin', 'read the CA passphrase from standard input')
    .action(async (options: { dir: string; out?: string; secretsStdin?: boolean }) => {
      const store = await openStore(options.dir);
      const passphrase = await readSecret(secrets.caPassphrase, options.secretsStdin);
      const der = await store.publishCrl(store.unlock(passphrase));
      if (options.out) await writeFile(resolveUserPath(options.out), crlToPem(der));
      const revoked = store.issued.filter((c) => c.revoked).length;
      say(
        context,
        `已发布 CRL（吊销 ${revoked} 张）：${options.out ?? store.crlFile}`,
        `CRL published (${revoked} revoked): ${options.out ?? store.crlFile}`,
      );
    });
  pki
    .command('list')
    .description('列出已签发的证书 / list issued certificates')
    .requiredOption('--dir <dir>', 'PKI directory')
    .option('--json', 'print JSON')
    .action(async (options: { dir: string; json?: boolean }) => {
      const store = await openStore(options.dir);
      if (options.json) {
        context.out(JSON.stringify(store.issued, null, 2));
        return;
      }
      for (const c of store.issued) {
        const state = c.revoked
          ? context.locale() === 'en'
            ? `revoked ${c.revoked.at}`
            : `已吊销 ${c.revoked.at}`
          : context.locale() === 'en'
            ? 'valid'
            : '有效';
        context.out(`${c.serial}  ${c.profile}  ${c.subject}  ${state}  ${c.keyStore}`);
      }
    });
}
