import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  ArchiveCatalog,
  archiveRequestFromDocument,
  archiveWithStamp,
  checkCatalog,
  checkPackage,
  exportPackage,
  packageSignerFromKey,
  packageVerifierFromTrust,
  pdfVerifierFromTrust,
  propertyNames,
  renderReportHtml,
  type ArchiveFileInput,
  type CheckReport,
} from '@oa/archive';
import { pickText, validateDocument, type Locale } from '@oa/shared';
import { Certificate, crlFromBytes, openKeyStore } from '@oa/signature';
import type { CommandContext } from '../context';
import { CliFailure, readJsonFile, resolveUserPath } from '../io';
import { readSecret, secrets } from '../secret';

function readUserFile(file: string): Uint8Array {
  try {
    return readFileSync(resolveUserPath(file));
  } catch {
    throw new CliFailure(2, 'FILE_UNREADABLE', { zh: `无法读取文件 ${file}。`, en: `Cannot read ${file}.` });
  }
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function mediaTypeOf(file: string): string {
  const ext = path.extname(file).toLowerCase();
  return (
    {
      '.pdf': 'application/pdf',
      '.json': 'application/json',
      '.xml': 'application/xml',
      '.p7s': 'application/pkcs7-signature',
      '.ofd': 'application/ofd',
      '.png': 'image/png',
      '.jpg': 'image/jpeg',
    }[ext] ?? 'application/octet-stream'
  );
}

function filesOf(paths: string[] | undefined, role: ArchiveFileInput['role']): ArchiveFileInput[] {
  return (paths ?? []).map((file) => ({
    name: path.basename(file),
    role,
    mediaType: mediaTypeOf(file),
    bytes: readUserFile(file),
  }));
}

function formatCheckReport(report: CheckReport, locale: Locale): string {
  const en = locale === 'en';
  const lines = report.results
    .filter((r) => r.status === 'failed')
    .map(
      (r) =>
        `${en ? 'FAILED' : '未通过'} ${pickText(propertyNames[r.property], locale)} ${r.check} ${r.target}: ${pickText(r.reason, locale)}`,
    );
  // Skipped checks are listed once per check and reason, not once per file.
  const skipped = new Map<string, number>();
  for (const r of report.results.filter((x) => x.status === 'skipped')) {
    const reason = pickText(r.reason, locale);
    const key = `${r.check}\u0000${reason}`;
    skipped.set(key, (skipped.get(key) ?? 0) + 1);
  }
  for (const [key, count] of skipped) {
    const [check, reason] = key.split('\u0000');
    lines.push(`${en ? 'skipped' : '未检测'} ${check} ×${count}: ${reason}`);
  }
  const summary = Object.entries(report.summary)
    .map(
      ([p, s]) =>
        `${pickText(propertyNames[p as keyof typeof propertyNames], locale)} ${s.passed}/${s.passed + s.failed}`,
    )
    .join(en ? ', ' : '，');
  lines.push(
    en
      ? `${report.subject}: ${report.ok ? 'passed' : 'FAILED'} (${summary})`
      : `${report.subject}：${report.ok ? '通过' : '未通过'}（${summary}）`,
  );
  return lines.join('\n');
}

function trustFrom(options: { trust?: string[]; crl?: string[] }) {
  if (!options.trust?.length) return undefined;
  return {
    trustedRoots: options.trust.map((file) => Certificate.fromPem(new TextDecoder().decode(readUserFile(file)))),
    crls: (options.crl ?? []).map((file) => crlFromBytes(readUserFile(file))),
  };
}

export function registerArchive(program: Command, context: CommandContext): void {
  const archive = program.command('archive').description('归档：档号、归档章、封装包与四性检测 / records archiving');
  const now = () => new Date().toISOString();

  archive
    .command('add')
    .description('将办结的公文归档为一件 / archive a finished document as one item')
    .requiredOption('--archive <dir>', 'the archive directory')
    .requiredOption('--document <document.json>', 'the document JSON')
    .requiredOption('--pdf <file.pdf>', 'the sealed PDF')
    .requiredOption('--record <record.json>', 'the handling record (流转记录) as JSON')
    .requiredOption('--fonds <code>', '全宗号, e.g. J012')
    .requiredOption('--unit <code>', '机构（问题）代码, e.g. BGS')
    .requiredOption('--retention <Y|D30|D10>', '保管期限')
    .option('--category <code>', '门类代码', 'WS')
    .option('--attachment <file>', 'an attachment (repeatable)', collect)
    .option('--receipt <file>', 'a receipt (repeatable)', collect)
    .requiredOption('--key <file.p12>', "the archiving agency's key store (signs the 归档章)")
    .option('--secrets-stdin', 'read the key store PIN from standard input (else OA_PIN, else a prompt)')
    .option('--stamp-font <file.ttf>', 'a CJK TrueType font for the 归档章')
    .option('--actor <name>', 'who archives', process.env['USER'] ?? 'records officer')
    .option('--json', 'print the item as JSON')
    .action(async (options) => {
      const keyStore = openKeyStore(readUserFile(options.key), await readSecret(secrets.pin, options.secretsStdin));
      const read = await readJsonFile(options.document);
      if (!read.ok) throw read.failure;
      const validation = validateDocument(read.value);
      if (!validation.document) {
        throw new CliFailure(1, 'DOCUMENT_INVALID', {
          zh: `${options.document} 不是有效的公文，请先用 oa validate 检查。`,
          en: `${options.document} is not a valid document; check it with oa validate.`,
        });
      }
      const catalog = ArchiveCatalog.open(resolveUserPath(options.archive));
      try {
        const request = await archiveRequestFromDocument({
          document: validation.document,
          pdf: readUserFile(options.pdf),
          place: { fonds: options.fonds, unit: options.unit, retention: options.retention, category: options.category },
          attachments: filesOf(options.attachment, 'attachment'),
          receipts: filesOf(options.receipt, 'receipt'),
          record: readUserFile(options.record),
          actor: options.actor,
          at: now(),
        });
        const item = await archiveWithStamp(catalog, request, {
          keyStore,
          ...(options.stampFont ? { fontFile: resolveUserPath(options.stampFont) } : {}),
        });
        context.out(options.json ? JSON.stringify(item, null, 2) : item.archivalCode);
      } finally {
        catalog.close();
      }
    });

  archive
    .command('export')
    .description('导出签名的封装包（DA/T 48） / export a signed package')
    .requiredOption('--archive <dir>', 'the archive directory')
    .requiredOption('--out <dir>', 'the package directory to write')
    .requiredOption('--key <file.p12>', "the archiving agency's key store")
    .option('--secrets-stdin', 'read the key store PIN from standard input (else OA_PIN, else a prompt)')
    .option('--code <档号>', 'an item (repeatable); default: all matching the filters', collect)
    .option('--year <year>', 'only this year', (v) => Number(v))
    .option('--retention <Y|D30|D10>', 'only this retention period')
    .option('--actor <name>', 'who exports', process.env['USER'] ?? 'records officer')
    .action(async (options) => {
      const key = openKeyStore(readUserFile(options.key), await readSecret(secrets.pin, options.secretsStdin));
      const catalog = ArchiveCatalog.open(resolveUserPath(options.archive));
      try {
        const codes: string[] =
          options.code ??
          catalog
            .search({ year: options.year, retention: options.retention, limit: 1_000_000 })
            .map((item) => item.archivalCode);
        if (codes.length === 0) {
          throw new CliFailure(1, 'ARCHIVE_NOTHING_TO_EXPORT', {
            zh: '没有符合条件的归档件。',
            en: 'No archive items match.',
          });
        }
        const result = await exportPackage({
          catalog,
          archivalCodes: codes,
          outDir: resolveUserPath(options.out),
          createdBy: key.certificate.subject.organization ?? key.certificate.subject.commonName,
          createdAt: now(),
          actor: options.actor,
          signer: packageSignerFromKey(key),
        });
        context.out(
          context.locale() === 'en'
            ? `Exported ${result.items} items (${result.files} files) to ${result.dir}`
            : `已导出 ${result.items} 件（${result.files} 个文件）到 ${result.dir}`,
        );
      } finally {
        catalog.close();
      }
    });

  archive
    .command('check')
    .description('四性检测（DA/T 70）：封装包目录或整个档案库 / check a package or the whole archive')
    .argument('<path>', 'a package directory (with eep.xml) or an archive directory')
    .option(
      '--trust <root.pem>',
      'a trusted root certificate (repeatable); without it signatures are not verified',
      collect,
    )
    .option('--crl <crl>', 'a CRL (repeatable)', collect)
    .option('--json', 'print the report as JSON')
    .option('--html <file>', 'also write the report as HTML')
    .action(async (target: string, options) => {
      const dir = resolveUserPath(target);
      const trust = trustFrom(options);
      let report: CheckReport;
      if (existsSync(path.join(dir, 'eep.xml'))) {
        report = await checkPackage(
          dir,
          trust ? { packageVerifier: packageVerifierFromTrust(trust), pdfVerifier: pdfVerifierFromTrust(trust) } : {},
        );
      } else if (existsSync(path.join(dir, 'archive.db'))) {
        const catalog = ArchiveCatalog.open(dir);
        try {
          report = await checkCatalog(catalog, trust ? { pdfVerifier: pdfVerifierFromTrust(trust) } : {});
        } finally {
          catalog.close();
        }
      } else {
        throw new CliFailure(2, 'ARCHIVE_PATH_UNKNOWN', {
          zh: `${target} 既不是封装包（缺少 eep.xml），也不是档案库（缺少 archive.db）。`,
          en: `${target} is neither a package (no eep.xml) nor an archive (no archive.db).`,
        });
      }
      if (options.html) writeFileSync(resolveUserPath(options.html), renderReportHtml(report));
      context.out(options.json ? JSON.stringify(report, null, 2) : formatCheckReport(report, context.locale()));
      context.setExitCode(report.ok ? 0 : 1);
    });

  archive
    .command('search')
    .description('检索归档件 / search the archive')
    .requiredOption('--archive <dir>', 'the archive directory')
    .option('--text <text>', 'full text (title, 文号, 责任者, body)')
    .option('--code <档号>', '档号 or its beginning')
    .option('--year <year>', 'year', (v) => Number(v))
    .option('--retention <Y|D30|D10>', '保管期限')
    .option('--unit <code>', '机构代码')
    .option('--kind <kind>', '文种')
    .option('--json', 'print JSON')
    .action((options) => {
      const catalog = ArchiveCatalog.open(resolveUserPath(options.archive));
      try {
        const items = catalog.search({
          text: options.text,
          archivalCode: options.code,
          year: options.year,
          retention: options.retention,
          unit: options.unit,
          kind: options.kind,
        });
        context.out(
          options.json
            ? JSON.stringify(items, null, 2)
            : items.map((i) => `${i.archivalCode}  ${i.metadata.docNumber ?? ''}  ${i.metadata.title}`).join('\n') ||
                (context.locale() === 'en' ? 'No items found.' : '未找到归档件。'),
        );
      } finally {
        catalog.close();
      }
    });

  archive
    .command('show')
    .description('查看归档件（记入查阅日志） / show an item (logged as a view)')
    .argument('<档号>')
    .requiredOption('--archive <dir>', 'the archive directory')
    .option('--actor <name>', 'who views', process.env['USER'] ?? 'records officer')
    .option('--purpose <text>', 'why (for a loan)')
    .action((code: string, options) => {
      const catalog = ArchiveCatalog.open(resolveUserPath(options.archive));
      try {
        catalog.logAccess(code, { actor: options.actor, action: 'view', purpose: options.purpose, at: now() });
        context.out(JSON.stringify({ item: catalog.get(code), accessLog: catalog.accessLog(code) }, null, 2));
      } finally {
        catalog.close();
      }
    });
}
