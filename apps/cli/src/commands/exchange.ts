import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import {
  classificationLevels,
  documentKinds,
  envelopeSchema,
  recipientStateNames,
  recipientStates,
  urgencyLevels,
  type Locale,
  type RecipientState,
} from '@oa/shared';
import { composeReceipt, composeSend, type MessageView } from '@oa/exchange-server';
import { Certificate, verifyBytes } from '@oa/signature';
import { createHash } from 'node:crypto';
import type { CommandContext } from '../context';
import { CliFailure, resolveUserPath } from '../io';
import { addSessionOptions, openSession, agencyOfKeyStore, type SessionOptions } from './hub-session';

const mediaTypes: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.ofd': 'application/ofd',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.csv': 'text/csv',
  '.txt': 'text/plain',
  '.zip': 'application/zip',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
};

async function readInput(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(resolveUserPath(file)));
  } catch (error) {
    throw new CliFailure(2, 'FILE_UNREADABLE', {
      zh: `无法读取文件 ${file}（${(error as Error).message}）。`,
      en: `Cannot read ${file} (${(error as Error).message}).`,
    });
  }
}

function stateName(state: RecipientState, locale: Locale): string {
  return locale === 'en' ? recipientStateNames[state].en : recipientStateNames[state].zh;
}

export function formatMessage(message: MessageView, locale: Locale): string {
  const lines = [
    `${message.messageId}  ${message.docNumber}  ${message.title}`,
    locale === 'en'
      ? `  from ${message.sender}, sent ${message.sentAt}`
      : `  发文单位 ${message.sender}，发送时间 ${message.sentAt}`,
  ];
  for (const r of message.recipients) {
    const reason = r.reason ? (locale === 'en' ? ` (reason: ${r.reason})` : `（理由：${r.reason}）`) : '';
    lines.push(`  ${r.agency}  ${stateName(r.state, locale)}  ${r.updatedAt}${reason}`);
  }
  return lines.join('\n');
}

const list = (value: string): string[] =>
  value
    .split(/[,，、\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliFailure(2, 'USAGE', {
    zh: `${flag} 只能是 ${allowed.join('、')} 之一。`,
    en: `${flag} must be one of ${allowed.join(', ')}.`,
  });
}

interface SendOptions extends SessionOptions {
  to: string;
  title: string;
  docNumber: string;
  kind: string;
  classification?: string;
  urgency?: string;
  attach?: string[];
  id?: string;
  json?: boolean;
}

/** `oa exchange send|inbox|sign-for|return|recall|status`: agency-side exchange through the hub. */
export function registerExchange(program: Command, context: CommandContext): void {
  const exchange = program
    .command('exchange')
    .description('公文交换：发送、收文、签收、退回、撤回 / document exchange');
  const en = () => context.locale() === 'en';
  const print = (value: unknown, json: boolean | undefined, text: () => string) =>
    context.out(json ? JSON.stringify(value, null, 2) : text());

  addSessionOptions(
    exchange
      .command('send')
      .description('发送已盖章的公文 / send a sealed PDF')
      .argument('<sealed.pdf>', 'the sealed PDF')
      .requiredOption('--to <codes>', 'recipient agencies (统一社会信用代码, comma-separated)')
      .requiredOption('--title <title>', '标题')
      .requiredOption('--doc-number <number>', '发文字号, e.g. 宁政办发〔2026〕12号')
      .requiredOption('--kind <kind>', `文种: ${documentKinds.join(', ')}`)
      .option('--classification <level>', `密级: ${classificationLevels.join(', ')}`)
      .option('--urgency <level>', `紧急程度: ${urgencyLevels.join(', ')}`)
      .option('--attach <file>', 'an attachment (repeatable)', collect)
      .option('--id <messageId>', 'message id (default: a new UUID; reuse it to retry a send)')
      .option('--json', 'print JSON'),
  ).action(async (file: string, options: SendOptions) => {
    const session = await openSession(options, { keyStore: true });
    const pdf = await readInput(file);
    const attachments = await Promise.all(
      (options.attach ?? []).map(async (a) => ({
        name: path.basename(a),
        mediaType: mediaTypes[path.extname(a).toLowerCase()] ?? 'application/octet-stream',
        data: await readInput(a),
      })),
    );
    const fields = {
      sender: agencyOfKeyStore(session.keyStore!),
      recipients: list(options.to),
      title: options.title,
      docNumber: options.docNumber,
      kind: options.kind,
      ...(options.classification ? { classification: options.classification } : {}),
      ...(options.urgency ? { urgency: options.urgency } : {}),
      ...(options.id ? { messageId: options.id } : {}),
    };
    const checked = envelopeSchema
      .omit({ version: true, document: true, attachments: true, createdAt: true, messageId: true })
      .safeParse(fields);
    if (!checked.success) {
      const issues = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new CliFailure(2, 'USAGE', { zh: `信封内容有误：${issues}`, en: `Invalid envelope fields: ${issues}` });
    }
    const { request } = await composeSend(
      session.keyStore!,
      { ...checked.data, ...(options.id ? { messageId: options.id } : {}) },
      pdf,
      attachments,
    );
    const result = await session.client.send(request);
    print(result, options.json, () =>
      [
        result.duplicate
          ? en()
            ? 'Already sent earlier (same id and content): nothing stored twice.'
            : '此前已发送（标识与内容相同），未重复保存。'
          : en()
            ? 'Sent: the hub verified the seal and stored the document.'
            : '已发送：交换中心已验证印章并保存公文。',
        formatMessage(result.message, context.locale()),
      ].join('\n'),
    );
  });

  addSessionOptions(
    exchange
      .command('inbox')
      .description('收文列表 / incoming documents')
      .option('--state <states>', `states: ${recipientStates.join(', ')} (default waiting,delivered)`)
      .option('--json', 'print JSON'),
  ).action(async (options: SessionOptions & { state?: string; json?: boolean }) => {
    const session = await openSession(options);
    const states = options.state ? list(options.state).map((s) => oneOf(s, recipientStates, '--state')!) : undefined;
    const messages = await session.client.inbox(states ? { states } : {});
    print(messages, options.json, () =>
      messages.length === 0
        ? en()
          ? 'No incoming documents.'
          : '没有收文。'
        : messages.map((m) => formatMessage(m, context.locale())).join('\n'),
    );
  });

  addSessionOptions(
    exchange
      .command('sign-for')
      .description('取回公文、核对摘要并签收（签名回执） / fetch, check and sign for a document')
      .argument('<messageId>')
      .option('--out <file>', 'save the sealed PDF here')
      .option('--json', 'print JSON'),
  ).action(async (messageId: string, options: SessionOptions & { out?: string; json?: boolean }) => {
    const session = await openSession(options, { keyStore: true });
    const agency = agencyOfKeyStore(session.keyStore!);
    const { envelope: envelopeText } = await session.client.envelope(messageId);
    const envelope = envelopeSchema.parse(JSON.parse(envelopeText));
    const pdf = await session.client.document(messageId);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    if (sha256 !== envelope.document.sha256) {
      throw new CliFailure(1, 'CONTENT_MISMATCH', {
        zh: '取回的公文与发文单位签名的信封摘要不符，未签收。',
        en: "The fetched document does not match the hash in the sender's signed envelope; not signed for.",
      });
    }
    if (options.out) await writeFile(resolveUserPath(options.out), pdf);
    const receipt = await composeReceipt(session.keyStore!, { messageId, recipient: agency, documentSha256: sha256 });
    const result = await session.client.signFor(messageId, receipt);
    print(result, options.json, () =>
      en() ? `Signed for ${messageId} at ${result.updatedAt}.` : `已签收 ${messageId}（${result.updatedAt}）。`,
    );
  });

  addSessionOptions(
    exchange
      .command('return')
      .description('退回公文并说明理由 / return a document with a reason')
      .argument('<messageId>')
      .requiredOption('--reason <text>', '退回理由'),
  ).action(async (messageId: string, options: SessionOptions & { reason: string }) => {
    const session = await openSession(options);
    await session.client.returnMessage(messageId, options.reason);
    context.out(en() ? `Returned ${messageId}.` : `已退回 ${messageId}。`);
  });

  addSessionOptions(
    exchange
      .command('recall')
      .description('撤回尚未被取走的公文 / recall a document not yet fetched')
      .argument('<messageId>')
      .option('--to <codes>', 'only from these recipients')
      .option('--reason <text>', '撤回理由'),
  ).action(async (messageId: string, options: SessionOptions & { to?: string; reason?: string }) => {
    const session = await openSession(options);
    const results = await session.client.recall(messageId, {
      ...(options.to ? { recipients: list(options.to) } : {}),
      ...(options.reason ? { reason: options.reason } : {}),
    });
    context.out(results.map((r) => `${r.agency}  ${stateName(r.state, context.locale())}`).join('\n'));
  });

  addSessionOptions(
    exchange
      .command('status')
      .description('各收文单位的状态；可核验签收回执 / recipients’ states, optionally verifying receipts')
      .argument('<messageId>')
      .option('--trust-root <root.pem>', 'verify the signed receipts against this root')
      .option('--json', 'print JSON'),
  ).action(async (messageId: string, options: SessionOptions & { trustRoot?: string; json?: boolean }) => {
    const session = await openSession(options);
    const message = await session.client.status(messageId);
    const checks: Array<{ agency: string; valid: boolean; problem?: string }> = [];
    if (options.trustRoot) {
      const root = Certificate.allFromPem(Buffer.from(await readInput(options.trustRoot)).toString('latin1'));
      for (const r of await session.client.receipts(messageId)) {
        const result = verifyBytes(new TextEncoder().encode(r.receipt), Buffer.from(r.signature, 'base64'), {
          trustedRoots: root,
        });
        const registered = (await session.client.agency(r.agency)).seals.map((s) => s.fingerprint);
        const content = JSON.parse(r.receipt) as { documentSha256?: string; recipient?: string };
        const problems = [
          ...(result.checks.digest && result.checks.signatureValue ? [] : ['signature invalid']),
          ...(result.checks.chain === 'trusted' ? [] : [`chain ${result.checks.chain}`]),
          ...(registered.includes(result.signer?.fingerprint ?? '') ? [] : ["not the recipient's registered seal"]),
          ...(content.documentSha256 === message.documentSha256 && content.recipient === r.agency
            ? []
            : ['receipt names another document or recipient']),
        ];
        checks.push({
          agency: r.agency,
          valid: problems.length === 0,
          ...(problems.length ? { problem: problems.join('; ') } : {}),
        });
      }
    }
    print({ message, receipts: checks }, options.json, () =>
      [
        formatMessage(message, context.locale()),
        ...checks.map((c) =>
          c.valid
            ? en()
              ? `  receipt of ${c.agency}: valid`
              : `  ${c.agency} 的签收回执：有效`
            : en()
              ? `  receipt of ${c.agency}: INVALID (${c.problem})`
              : `  ${c.agency} 的签收回执：无效（${c.problem}）`,
        ),
      ].join('\n'),
    );
    if (checks.some((c) => !c.valid)) context.setExitCode(1);
  });
}
