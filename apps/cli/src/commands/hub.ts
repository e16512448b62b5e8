import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  agencyLevels,
  agencyRoles,
  closeOnSignals,
  configFlags,
  loadConfig,
  resolveConfigPaths,
  startHub,
  verifyAuditChain,
} from '@oa/exchange-server';
import type { CommandContext } from '../context';
import { CliFailure, resolveUserPath } from '../io';
import { readSecret, type SecretSpec } from '../secret';
import { addSessionOptions, openSession, type SessionOptions } from './hub-session';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The password of a user being created. */
const newUserPassword: SecretSpec = { env: 'OA_NEW_PASSWORD', prompt: '新用户的密码 / new user password: ' };

/** `oa hub serve|agency|seal|user|audit`: run and administer the exchange hub. */
export function registerHub(program: Command, context: CommandContext): void {
  const hub = program.command('hub').description('公文交换中心：运行与管理 / the exchange hub: run and administer');
  const en = () => context.locale() === 'en';

  const serve = hub
    .command('serve')
    .description('启动交换中心 / run the hub (Ctrl-C or SIGTERM stops it gracefully)')
    .option('--config <file>', 'JSON configuration file (see docs/hub.md)');
  for (const flag of configFlags) {
    if (flag.multiple) serve.option(`--${flag.flag} <value>`, flag.description, collect);
    else serve.option(`--${flag.flag} <value>`, flag.description);
  }
  serve.action(async (options: Record<string, unknown>) => {
    const flags: Record<string, unknown> = {};
    for (const flag of configFlags) {
      const camel = flag.flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
      if (options[camel] !== undefined) flags[flag.key] = options[camel];
    }
    const file = typeof options['config'] === 'string' ? resolveUserPath(options['config']) : undefined;
    const config = loadConfig({ ...(file ? { file } : {}), flags: resolveConfigPaths(flags, resolveUserPath('.')) });
    const running = await startHub(config);
    context.err(
      en()
        ? `Exchange hub listening on ${running.url} (${config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`}).`
        : `交换中心已启动：${running.url}（${config.databaseUrl ? 'PostgreSQL' : `SQLite，数据目录 ${config.dataDir}`}）。`,
    );
    await new Promise<void>((resolve) => closeOnSignals(running, () => resolve()));
  });

  const agency = hub.command('agency').description('机构目录 / the agency directory');
  addSessionOptions(
    agency
      .command('add')
      .description('登记单位（管理员） / register an agency (hub admin)')
      .argument('<code>', '统一社会信用代码')
      .requiredOption('--name <name>', '单位名称')
      .requiredOption('--level <level>', agencyLevels.join(' | '))
      .option('--parent <code>', '上级单位'),
  ).action(async (code: string, options: SessionOptions & { name: string; level: string; parent?: string }) => {
    const session = await openSession(options);
    const created = await session.client.registerAgency({
      code,
      name: options.name,
      level: options.level,
      ...(options.parent ? { parentCode: options.parent } : {}),
    });
    context.out(en() ? `Registered ${created.code} ${created.name}.` : `已登记 ${created.code} ${created.name}。`);
  });
  addSessionOptions(
    agency.command('list').description('列出单位 / list agencies').option('--json', 'print JSON'),
  ).action(async (options: SessionOptions & { json?: boolean }) => {
    const session = await openSession(options);
    const agencies = await session.client.agencies();
    context.out(
      options.json
        ? JSON.stringify(agencies, null, 2)
        : agencies.map((a) => `${a.code}  ${a.name}  ${a.level}${a.parentCode ? `  ↑${a.parentCode}` : ''}`).join('\n'),
    );
  });

  const seal = hub.command('seal').description('单位印章证书 / agency seal certificates');
  addSessionOptions(
    seal
      .command('add')
      .description('登记印章证书（管理员） / register a seal certificate (hub admin)')
      .argument('<code>', '统一社会信用代码')
      .argument('<certificate.pem>'),
  ).action(async (code: string, file: string, options: SessionOptions) => {
    const session = await openSession(options);
    const pem = await readFile(resolveUserPath(file), 'utf8');
    const registered = await session.client.registerSeal(code, pem);
    context.out(en() ? `Seal registered: ${registered.fingerprint}` : `已登记印章：${registered.fingerprint}`);
  });
  addSessionOptions(
    seal
      .command('revoke')
      .description('注销印章（管理员） / revoke a seal (hub admin)')
      .argument('<code>')
      .argument('<fingerprint>'),
  ).action(async (code: string, fingerprint: string, options: SessionOptions) => {
    const session = await openSession(options);
    await session.client.revokeSeal(code, fingerprint);
    context.out(en() ? `Seal revoked: ${fingerprint}` : `已注销印章：${fingerprint}`);
  });

  const user = hub.command('user').description('用户 / user accounts');
  addSessionOptions(
    user
      .command('add')
      .description('创建用户（新密码取自 OA_NEW_PASSWORD） / create a user (new password from OA_NEW_PASSWORD)')
      .argument('<username>')
      .option('--member <code:role>', `membership, role one of ${agencyRoles.join(', ')} (repeatable)`, collect)
      .option('--hub-admin', 'make the user a hub administrator')
      .option('--name <name>', '姓名，同事看到的名字 / the name colleagues know the person by')
      .option('--department <department>', '所在处室 / department'),
  ).action(
    async (
      username: string,
      options: SessionOptions & { member?: string[]; hubAdmin?: boolean; name?: string; department?: string },
    ) => {
      const session = await openSession(options);
      const memberships = (options.member ?? []).map((m) => {
        const [agencyCode, role] = m.split(':');
        if (!agencyCode || !role || !(agencyRoles as readonly string[]).includes(role)) {
          throw new CliFailure(2, 'USAGE', {
            zh: `--member 应写作 单位代码:角色（角色为 ${agencyRoles.join('、')}）。`,
            en: `--member takes code:role (role one of ${agencyRoles.join(', ')}).`,
          });
        }
        return { agencyCode, role };
      });
      const password = await readSecret(newUserPassword, options.secretsStdin);
      const created = await session.client.createUser({
        username,
        password,
        memberships,
        ...(options.hubAdmin ? { hubAdmin: true } : {}),
        ...(options.name === undefined ? {} : { name: options.name }),
        ...(options.department === undefined ? {} : { department: options.department }),
      });
      context.out(en() ? `User ${created.username} created.` : `已创建用户 ${created.username}。`);
    },
  );

  addSessionOptions(
    user
      .command('list')
      .description('列出用户（姓名、处室、所属单位） / list users (name, department, memberships)')
      .option('--of <code>', "only this agency's users")
      .option('--json', 'print JSON'),
  ).action(async (options: SessionOptions & { of?: string; json?: boolean }) => {
    const session = await openSession(options);
    const users = await session.client.users(options.of);
    context.out(
      options.json
        ? JSON.stringify(users, null, 2)
        : users
            .map((u) =>
              [
                u.username,
                u.name ?? '–',
                u.department ?? '–',
                u.memberships.map((m) => `${m.agencyCode}:${m.role}`).join(',') || (u.hubAdmin ? 'hub-admin' : '–'),
              ].join('  '),
            )
            .join('\n'),
    );
  });

  addSessionOptions(
    hub
      .command('audit')
      .description('下载并核验审计日志哈希链 / download and verify the hash-chained audit log')
      .option('--json', 'print JSON'),
  ).action(async (options: SessionOptions & { json?: boolean }) => {
    const session = await openSession(options);
    const { rows, head } = await session.client.auditAll();
    const result = verifyAuditChain(rows, { head });
    context.out(
      options.json
        ? JSON.stringify(result, null, 2)
        : result.ok
          ? en()
            ? `Audit chain intact: ${result.rows} rows, ${result.entriesChecked} entries readable by you checked, head ${result.headHash}.`
            : `审计日志完整：共 ${result.rows} 条，核对了可见的 ${result.entriesChecked} 条内容，链头 ${result.headHash}。`
          : [
              en() ? 'AUDIT CHAIN BROKEN:' : '审计日志被篡改：',
              ...result.problems.map((p) => `  #${p.seq} ${p.kind}`),
            ].join('\n'),
    );
    context.setExitCode(result.ok ? 0 : 1);
  });
}
