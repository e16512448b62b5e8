import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { pickText, sealPositionSchema } from '@oa/shared';
import {
  assertCertificateUsable,
  openKeyStore,
  signBatch,
  type BatchAction,
  type BatchItem,
  type BatchResult,
} from '@oa/signature';
import type { CommandContext } from '../context';
import { CliFailure, readJsonFile, resolveUserPath } from '../io';
import { readSecret, secrets } from '../secret';
import { openStore } from './pki';
import { loadSeal } from './seal';

interface SignOptions {
  keystore: string;
  opinion?: string;
  seal?: string;
  dir?: string;
  field?: string;
  page?: string;
  x?: string;
  y?: string;
  size: string;
  position?: string;
  out?: string;
  outDir?: string;
  suffix: string;
  json?: boolean;
  secretsStdin?: boolean;
}

/** Standard 公章 diameter, 42 mm, in points. */
const defaultSealDiameterPt = (42 / 25.4) * 72;

/**
 * The seal's place: a SealPosition file, or the typesetter's whole `oa typeset --json` result
 * (the position whose issuerCode is the seal's agency), or coordinates, or an empty field.
 */
async function sealPlacement(
  options: SignOptions,
  agencyCode: string,
): Promise<Extract<BatchAction, { kind: 'seal' }>['placement']> {
  if (options.position) {
    const read = await readJsonFile(options.position);
    if (!read.ok) throw read.failure;
    const value = read.value as { sealPositions?: unknown };
    const candidates = Array.isArray(value.sealPositions) ? value.sealPositions : [read.value];
    const positions = candidates
      .map((c) => sealPositionSchema.safeParse(c))
      .filter((r) => r.success)
      .map((r) => r.data);
    if (positions.length === 0) {
      throw new CliFailure(2, 'USAGE', {
        zh: `${options.position} 不是有效的盖章位置（SealPosition 或 oa typeset --json 的结果）。`,
        en: `${options.position} is not a SealPosition (or an oa typeset --json result).`,
      });
    }
    const position = positions.length === 1 ? positions[0]! : positions.find((p) => p.issuerCode === agencyCode);
    if (!position) {
      throw new CliFailure(2, 'SEAL_POSITION_MISMATCH', {
        zh: `${options.position} 中没有统一社会信用代码为 ${agencyCode} 的机关的盖章位置。`,
        en: `${options.position} has no seal position for the agency ${agencyCode}.`,
      });
    }
    return { kind: 'seal-position', position };
  }
  if (options.x !== undefined || options.y !== undefined) {
    const [page, x, y, size] = [
      Number(options.page ?? '1') - 1,
      Number(options.x),
      Number(options.y),
      Number(options.size),
    ];
    if (![page, x, y, size].every(Number.isFinite)) {
      throw new CliFailure(2, 'USAGE', {
        zh: '--page、--x、--y、--size 必须是数字。',
        en: '--page, --x, --y and --size must be numbers.',
      });
    }
    return {
      kind: 'seal-position',
      position: { issuerCode: '', issuerName: '', page, centerX: x, centerY: y, diameter: size },
    };
  }
  return { kind: 'field', ...(options.field ? { name: options.field } : {}) };
}

async function sealAction(options: SignOptions): Promise<BatchAction> {
  const record = await loadSeal(options.seal!, options.dir);
  return { kind: 'seal', record, placement: await sealPlacement(options, record.agencyCode) };
}

function outputFor(file: string, options: SignOptions, count: number): string {
  if (options.out && count === 1) return resolveUserPath(options.out);
  const parsed = path.parse(resolveUserPath(file));
  const dir = options.outDir ? resolveUserPath(options.outDir) : parsed.dir;
  return path.join(dir, `${parsed.name}${options.outDir ? '' : options.suffix}${parsed.ext}`);
}

function describe(result: BatchResult, locale: ReturnType<CommandContext['locale']>): string {
  if (result.status === 'signed') return locale === 'en' ? 'signed' : '已签署';
  if (result.status === 'skipped') return pickText(result.message, locale);
  return `${result.code}: ${pickText(result.message, locale)}`;
}

/** `oa sign`: a leader's sign-off or the agency seal, on one PDF or a batch (one PIN entry). */
export function registerSign(program: Command, context: CommandContext): void {
  program
    .command('sign')
    .description(
      '签发（--opinion）或加盖印章（--seal），可批量 / sign off (--opinion) or stamp the seal (--seal), one PDF or many',
    )
    .argument('<pdf...>', 'PDF files')
    .requiredOption('--keystore <file.p12>', 'PKCS#12 key store (PIN from OA_PIN, --secrets-stdin or a prompt)')
    .option('--opinion <text>', 'sign-off opinion (签发意见), e.g. 同意印发。')
    .option('--seal <seal>', 'seal record file (.seal) or id (with --dir)')
    .option('--dir <dir>', 'PKI directory: find a seal by id, refuse a revoked certificate')
    .option('--field <name>', "the typesetter's empty signature field to fill")
    .option('--position <file.json>', "the typesetter's SealPosition, or its whole `oa typeset --json` output")
    .option('--page <n>', 'page for the seal (1-based)')
    .option('--x <pt>', 'seal centre x in points')
    .option('--y <pt>', 'seal centre y in points (from the bottom)')
    .option('--size <pt>', 'seal diameter in points', defaultSealDiameterPt.toFixed(1))
    .option('--out <file>', 'output file (one input only)')
    .option('--out-dir <dir>', 'output directory (keeps file names)')
    .option('--suffix <text>', 'suffix for output names next to the input', '.signed')
    .option('--json', 'print the batch report as JSON')
    .option('--secrets-stdin', 'read the PIN from standard input')
    .action(async (files: string[], options: SignOptions) => {
      if ((options.opinion === undefined) === (options.seal === undefined)) {
        throw new CliFailure(2, 'USAGE', {
          zh: '请给出 --opinion（签发）或 --seal（盖章）之一。',
          en: 'Give exactly one of --opinion (sign-off) or --seal (agency seal).',
        });
      }
      if (options.out && files.length > 1) {
        throw new CliFailure(2, 'USAGE', { zh: '多个文件时请用 --out-dir。', en: 'Use --out-dir with several files.' });
      }
      const action: BatchAction =
        options.opinion !== undefined ? { kind: 'sign-off', opinion: options.opinion } : await sealAction(options);
      let keyStoreBytes: Buffer;
      try {
        keyStoreBytes = await readFile(resolveUserPath(options.keystore));
      } catch {
        throw new CliFailure(2, 'FILE_UNREADABLE', {
          zh: `无法读取证书库 ${options.keystore}。`,
          en: `Cannot read the key store ${options.keystore}.`,
        });
      }
      const keyStore = openKeyStore(keyStoreBytes, await readSecret(secrets.pin, options.secretsStdin));
      // With the PKI at hand, a revoked or expired certificate is refused before any document.
      assertCertificateUsable(
        keyStore,
        new Date(),
        options.dir ? await (await openStore(options.dir)).trust() : undefined,
      );
      if (options.outDir) await mkdir(resolveUserPath(options.outDir), { recursive: true });
      const items: BatchItem[] = files.map((file) => ({
        id: file,
        read: () => readFile(resolveUserPath(file)),
        write: (signed) => writeFile(outputFor(file, options, files.length), signed),
      }));
      const locale = context.locale();
      const report = await signBatch(items, keyStore, action, (event) => {
        if (event.type === 'item' && !options.json) {
          context.out(`[${event.index + 1}/${event.total}] ${event.result.id}: ${describe(event.result, locale)}`);
        }
      });
      if (options.json) context.out(JSON.stringify(report, null, 2));
      else {
        context.out(
          locale === 'en'
            ? `${report.signed} signed, ${report.skipped} skipped, ${report.failed} failed.`
            : `已签署 ${report.signed} 份，跳过 ${report.skipped} 份，失败 ${report.failed} 份。`,
        );
      }
      context.setExitCode(report.failed > 0 ? 1 : 0);
    });
}
