import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { isOaError, pickText, type Locale } from '@oa/shared';
import {
  Certificate,
  crlFromBytes,
  verifyBytes,
  verifyPdf,
  type CmsVerification,
  type PdfVerificationReport,
  type TrustOptions,
  type Verdict,
} from '@oa/signature';
import type { CommandContext } from '../context';
import { CliFailure, resolveUserPath } from '../io';
import { openStore } from './pki';

/** Exit codes of `oa verify`. */
export const verifyExitCodes: Record<Verdict, number> = { valid: 0, invalid: 1, indeterminate: 3 };

const verdictText: Record<Verdict, { zh: string; en: string }> = {
  valid: { zh: '有效', en: 'valid' },
  invalid: { zh: '无效', en: 'INVALID' },
  indeterminate: { zh: '无法确定', en: 'indeterminate' },
};

async function readInput(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(resolveUserPath(file));
  } catch {
    throw new CliFailure(2, 'FILE_UNREADABLE', { zh: `无法读取${what} ${file}。`, en: `Cannot read ${file}.` });
  }
}

async function trustFrom(options: { trust?: string[]; crl?: string[]; pki?: string }): Promise<TrustOptions> {
  const trustedRoots: Certificate[] = [];
  const crls = [];
  if (options.pki) {
    const fromStore = await (await openStore(options.pki)).trust();
    trustedRoots.push(...fromStore.trustedRoots);
    crls.push(...(fromStore.crls ?? []));
  }
  for (const file of options.trust ?? [])
    trustedRoots.push(...Certificate.allFromPem((await readInput(file, '根证书')).toString('latin1')));
  for (const file of options.crl ?? []) crls.push(crlFromBytes(await readInput(file, 'CRL')));
  if (trustedRoots.length === 0) {
    throw new CliFailure(2, 'USAGE', {
      zh: '请用 --trust root.pem 或 --pki 目录指定受信任的根证书。',
      en: 'Give the trusted root with --trust root.pem or --pki DIR.',
    });
  }
  return { trustedRoots, crls };
}

const chainText: Record<string, { zh: string; en: string }> = {
  trusted: { zh: '可信', en: 'trusted' },
  untrusted: { zh: '不可信', en: 'untrusted' },
  broken: { zh: '证书链损坏', en: 'broken' },
  'not-checked': { zh: '未检查', en: 'not checked' },
};
const revocationText: Record<string, { zh: string; en: string }> = {
  good: { zh: '未吊销', en: 'not revoked' },
  revoked: { zh: '已吊销', en: 'revoked' },
  'revoked-after': { zh: '签名后吊销', en: 'revoked after signing' },
  unknown: { zh: '未知', en: 'unknown' },
};
const yesNo = (value: boolean, locale: Locale): string =>
  locale === 'en' ? (value ? 'yes' : 'no') : value ? '是' : '否';

export function formatVerification(file: string, report: PdfVerificationReport, locale: Locale): string {
  const en = locale === 'en';
  const t = (text: { zh: string; en: string } | undefined): string => (text ? pickText(text, locale) : '?');
  const lines = [`${file}: ${t(verdictText[report.verdict])}`];
  for (const f of report.findings) lines.push(`  ${f.code}: ${pickText(f.message, locale)}`);
  for (const s of report.signatures) {
    const who = s.signer ? `${s.signer.commonName}${s.signer.organization ? ` (${s.signer.organization})` : ''}` : '?';
    lines.push(`#${s.index + 1} ${s.fieldName} — ${t(verdictText[s.verdict])} — ${who} — ${s.signingTime ?? ''}`);
    if (s.opinion) lines.push(`  ${en ? 'opinion' : '签发意见'}: ${s.opinion}`);
    if (s.seal) {
      const seal = `${s.seal.name} (${s.seal.kindName}, ${s.seal.agencyName} ${s.seal.agencyCode})`;
      lines.push(
        `  ${en ? 'seal' : '印章'}: ${seal}; ${en ? 'stamp is the registered image' : '印模与登记一致'}: ${yesNo(s.seal.stampMatches, locale)}`,
      );
    }
    lines.push(
      `  ${en ? 'covers the whole file' : '覆盖整个文件'}: ${yesNo(s.coversWholeDocument, locale)}; ` +
        `${en ? 'chain' : '证书链'}: ${t(chainText[s.checks.chain])}; ${en ? 'revocation' : '吊销状态'}: ${t(revocationText[s.checks.revocation])}`,
    );
    for (const f of s.findings) lines.push(`  ${f.code}: ${pickText(f.message, locale)}`);
  }
  return lines.join('\n');
}

function formatBytesVerification(file: string, result: CmsVerification, locale: Locale): string {
  const who = result.signer
    ? `${result.signer.commonName}${result.signer.organization ? ` (${result.signer.organization})` : ''}`
    : '?';
  const lines = [`${file}: ${pickText(verdictText[result.verdict], locale)} — ${who} — ${result.signingTime ?? ''}`];
  for (const f of result.findings) lines.push(`  ${f.code}: ${pickText(f.message, locale)}`);
  return lines.join('\n');
}

/** `oa verify`: exit 0 all valid, 1 some invalid, 3 indeterminate (e.g. untrusted root, no signatures), 2 bad input. */
export function registerVerify(program: Command, context: CommandContext): void {
  program
    .command('verify')
    .description(
      '验证 PDF 中的全部签名与印章，或数据的分离签名 / verify every signature and seal in a PDF, or a detached signature',
    )
    .argument('<file>', 'signed PDF, or with --signature the signed data (envelope, receipt)')
    .option('--signature <file.p7s>', 'detached CMS signature (DER) over <file>')
    .option('--trust <root.pem...>', 'trusted root certificate(s)')
    .option('--crl <crl...>', 'CRL file(s), PEM or DER')
    .option('--pki <dir>', "use this PKI directory's root and latest CRL")
    .option('--json', 'print the report as JSON')
    .action(
      async (
        file: string,
        options: { trust?: string[]; crl?: string[]; pki?: string; json?: boolean; signature?: string },
      ) => {
        const trust = await trustFrom(options);
        if (options.signature) {
          const result = verifyBytes(await readInput(file, '文件'), await readInput(options.signature, '签名'), trust);
          context.out(
            options.json ? JSON.stringify(result, null, 2) : formatBytesVerification(file, result, context.locale()),
          );
          context.setExitCode(verifyExitCodes[result.verdict]);
          return;
        }
        const report = await verifyPdf(await readInput(file, 'PDF'), trust).catch((error: unknown) => {
          // A file that is not a (readable) PDF is bad input (exit 2), not an invalid signature.
          if (isOaError(error) && error.code.startsWith('PDF_')) throw new CliFailure(2, error.code, error.text);
          throw error;
        });
        context.out(
          options.json ? JSON.stringify(report, null, 2) : formatVerification(file, report, context.locale()),
        );
        context.setExitCode(verifyExitCodes[report.verdict]);
      },
    );
}
