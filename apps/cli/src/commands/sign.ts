import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { pickText, sealPositionSchema } from '@oa/shared';
import { openKeyStore, signBatch, type BatchAction, type BatchItem, type BatchResult } from '@oa/signature';
import type { CommandContext } from '../context';
import { CliFailure, readJsonFile, resolveUserPath } from '../io';
import { readSecret, secrets } from '../secret';
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

async function sealPlacement(options: SignOptions): Promise<Extract<BatchAction, { kind: 'seal' }>['placement']> {
  if (options.position) {
    const read = await readJsonFile(options.position);
    if (!read.ok) throw read.failure;
    const parsed = sealPositionSchema.safeParse(read.value);
    if (!parsed.success) {
      throw new CliFailure(2, 'USAGE', {
        zh: `${options.position} 不是有效的盖章位置（SealPosition）。`,
        en: `${options.position} is not a valid SealPosition.`,
      });
    }
    return { kind: 'seal-position', position: parsed.data };
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
    .option('--dir <dir>', 'PKI directory (to find a seal by id)')
    .option('--field <name>', "the typesetter's empty signature field to fill")
    .option('--position <file.json>', "the typesetter's SealPosition (JSON)")
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
        options.opinion !== undefined
          ? { kind: 'sign-off', opinion: options.opinion }
          : {
              kind: 'seal',
              record: await loadSeal(options.seal!, options.dir),
              placement: await sealPlacement(options),
            };
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
