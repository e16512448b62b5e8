import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { defaultArchivalCodePattern, isOaError } from '@oa/shared';
import { extractSignedObjectXml, parseEepXml } from '../eep/eep-xml';
import { eepFileName, packageFilesDir } from '../package/layout';
import type { PackageSignatureVerifier, PdfSignatureVerifier } from '../trust';
import { defaultCheckConcurrency, mapConcurrent } from './concurrent';
import { checkItem } from './item-checks';
import { buildReport, ResultList, type CheckReport } from './report';
import { clamAvScanner, type VirusScanner } from './tools';

export interface PackageCheckOptions {
  pattern?: string;
  packageVerifier?: PackageSignatureVerifier;
  pdfVerifier?: PdfSignatureVerifier;
  virusScanner?: VirusScanner;
  now?: string;
}

function readIfPresent(file: string): Uint8Array | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** 四性检测 of an export package directory (eep.xml + files/). */
export async function checkPackage(dir: string, options: PackageCheckOptions = {}): Promise<CheckReport> {
  const results = new ResultList();
  const now = options.now ?? new Date().toISOString();
  const xmlBytes = readIfPresent(path.join(dir, eepFileName));
  if (!xmlBytes) {
    results.fail(
      'integrity',
      'INTEGRITY_DESCRIPTION',
      dir,
      '缺少封装包描述文件 eep.xml。',
      'The package description eep.xml is missing.',
    );
    return buildReport(dir, now, results.results);
  }
  const xml = new TextDecoder().decode(xmlBytes);
  let parsed;
  try {
    parsed = parseEepXml(xml);
  } catch (error) {
    const text = isOaError(error) ? error.text : { zh: String(error), en: String(error) };
    results.fail('authenticity', 'AUTH_METADATA_FORMAT', dir, text.zh, text.en);
    return buildReport(dir, now, results.results);
  }
  results.pass(
    'authenticity',
    'AUTH_METADATA_FORMAT',
    dir,
    '元数据格式与取值符合要求。',
    'Metadata formats and values are valid.',
  );
  results.pass(
    'integrity',
    'INTEGRITY_REQUIRED_METADATA',
    dir,
    '必备元数据齐全。',
    'The required metadata are present.',
  );

  await checkPackageSignature(results, dir, xml, parsed.signatureBlock, options.packageVerifier);

  const listed = new Set<string>();
  const pattern = options.pattern ?? defaultArchivalCodePattern;
  const virusScanner = options.virusScanner ?? clamAvScanner();
  const seen = new Set<string>();
  for (const item of parsed.description.items) {
    if (seen.has(item.archivalCode)) {
      results.fail(
        'integrity',
        'INTEGRITY_ITEM_NUMBERS',
        item.archivalCode,
        '同一档号在封装包中出现多次。',
        'The 档号 appears twice in the package.',
      );
    }
    seen.add(item.archivalCode);
    for (const file of item.files) listed.add(file.path);
    await checkItem(
      results,
      item,
      (file) => {
        const resolved = path.resolve(dir, file.path);
        return resolved.startsWith(path.resolve(dir) + path.sep) ? readIfPresent(resolved) : undefined;
      },
      { pattern, virusScanner, ...(options.pdfVerifier ? { pdfVerifier: options.pdfVerifier } : {}) },
    );
  }
  const filesDir = path.join(dir, packageFilesDir);
  const extra = existsSync(filesDir)
    ? readdirSync(filesDir)
        .map((name) => `${packageFilesDir}/${name}`)
        .filter((name) => !listed.has(name))
    : [];
  if (extra.length > 0) {
    results.fail(
      'integrity',
      'INTEGRITY_UNLISTED_FILES',
      dir,
      `封装包中有未登记的文件：${extra.join('、')}`,
      `Files not listed in eep.xml: ${extra.join(', ')}`,
    );
  }
  return buildReport(dir, now, results.results);
}

/** 四性检测 of several package directories, a few at a time; one report per directory, in order. */
export function checkPackages(
  dirs: readonly string[],
  options: PackageCheckOptions & { concurrency?: number } = {},
): Promise<CheckReport[]> {
  return mapConcurrent(dirs, options.concurrency ?? defaultCheckConcurrency, (dir) => checkPackage(dir, options));
}

async function checkPackageSignature(
  results: ResultList,
  dir: string,
  xml: string,
  block: Record<string, unknown>,
  verifier: PackageSignatureVerifier | undefined,
): Promise<void> {
  const signatures = Array.isArray(block['电子签名']) ? (block['电子签名'] as Record<string, unknown>[]) : [];
  const value = signatures[0]?.['签名结果'];
  if (typeof value !== 'string' || value === '') {
    results.fail('authenticity', 'AUTH_PACKAGE_SIGNATURE', dir, '封装包没有电子签名。', 'The package is not signed.');
    return;
  }
  if (!verifier) {
    results.skip(
      'authenticity',
      'AUTH_PACKAGE_SIGNATURE',
      dir,
      '未配置信任根，未验证封装包签名。',
      'No trust root configured; the package signature was not verified.',
    );
    return;
  }
  const signed = new TextEncoder().encode(extractSignedObjectXml(xml));
  const outcome = await verifier.verifyDetached(signed, Buffer.from(value, 'base64'));
  if (outcome.status === 'valid') {
    results.pass(
      'authenticity',
      'AUTH_PACKAGE_SIGNATURE',
      dir,
      `封装包签名有效（${outcome.signerName ?? ''}）。`,
      `The package signature is valid (${outcome.signerName ?? ''}).`,
    );
  } else {
    results.fail(
      'authenticity',
      'AUTH_PACKAGE_SIGNATURE',
      dir,
      `封装包签名${outcome.status === 'invalid' ? '无效' : '无法确认'}：${outcome.reasons.map((r) => r.zh).join('；')}`,
      `The package signature is ${outcome.status}: ${outcome.reasons.map((r) => r.en).join('; ')}`,
    );
  }
}
