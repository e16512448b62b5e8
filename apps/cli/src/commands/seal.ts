import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  createSealRecord,
  describeSealRecord,
  detectPictureType,
  generateRoundSeal,
  parseSealRecord,
  sealKinds,
  type SealKind,
  type SealPicture,
  type SealRecord,
} from '@oa/signature';
import type { CommandContext } from '../context';
import { CliFailure, resolveUserPath } from '../io';
import { readSecret, secrets } from '../secret';
import { openStore } from './pki';

interface RegisterOptions {
  dir: string;
  id: string;
  kind: string;
  name: string;
  agency: string;
  code: string;
  holder: string;
  validDays?: string;
  secretsStdin?: boolean;
}

/** Default seal validity when not given: until the holder certificate expires. */
async function register(context: CommandContext, options: RegisterOptions, picture: SealPicture): Promise<void> {
  if (!(options.kind in sealKinds)) {
    throw new CliFailure(2, 'USAGE', {
      zh: `印章种类必须是 ${Object.keys(sealKinds).join('、')} 之一。`,
      en: `The seal kind must be one of ${Object.keys(sealKinds).join(', ')}.`,
    });
  }
  const store = await openStore(options.dir);
  const holder = await store.certificate(options.holder);
  const passphrase = await readSecret(secrets.caPassphrase, options.secretsStdin);
  const now = new Date();
  const days = options.validDays ? Number(options.validDays) : undefined;
  const validTo = days && days > 0 ? new Date(now.getTime() + days * 86_400_000) : holder.notAfter;
  const record = await createSealRecord(
    store.unlock(passphrase),
    {
      id: options.id,
      kind: options.kind as SealKind,
      name: options.name,
      agencyName: options.agency,
      agencyCode: options.code,
      validFrom: now,
      validTo,
    },
    picture,
    holder,
    now,
  );
  const file = await store.saveSeal(record);
  context.out(
    context.locale() === 'en'
      ? `Seal registered: ${record.id} (${sealKinds[record.kind].en}, ${record.agencyName}), picture sha256 ${record.pictureHash}, file ${file}`
      : `印章已登记：${record.id}（${sealKinds[record.kind].zh}，${record.agencyName}），图像 sha256 ${record.pictureHash}，文件 ${file}`,
  );
}

function registerOptions(command: Command): Command {
  return command
    .requiredOption('--dir <dir>', 'PKI directory')
    .requiredOption('--id <id>', 'seal id (letters, digits, . _ -)')
    .requiredOption('--kind <kind>', Object.keys(sealKinds).join(' | '))
    .requiredOption('--name <name>', 'seal name, e.g. 发文专用章')
    .requiredOption('--agency <name>', 'agency name')
    .requiredOption('--code <uscc>', "agency's 统一社会信用代码")
    .requiredOption('--holder <serial>', 'serial of the seal certificate (oa pki issue --profile seal)')
    .option('--valid-days <days>', 'validity in days (default: until the certificate expires)')
    .option('--secrets-stdin', 'read the CA passphrase from standard input');
}

export async function loadSeal(ref: string, dir: string | undefined): Promise<SealRecord> {
  const file = resolveUserPath(ref);
  if (existsSync(file)) return parseSealRecord(await readFile(file));
  if (!dir) {
    throw new CliFailure(2, 'SEAL_NOT_FOUND', {
      zh: `找不到印章文件 ${ref}（或用 --dir 指定 PKI 目录按 id 查找）。`,
      en: `No seal file ${ref} (or give --dir to look it up by id).`,
    });
  }
  return (await openStore(dir)).seal(ref);
}

/** `oa seal create|import|show`: seal records (电子印章). */
export function registerSeal(program: Command, context: CommandContext): void {
  const seal = program.command('seal').description('电子印章：登记与查看 / electronic seals');
  registerOptions(seal.command('create'))
    .description(
      '生成演示用圆形红色印章并登记（仅用于演示和测试） / generate a demo round seal and register it (demos and tests only)',
    )
    .option('--font <file>', 'font for the seal text')
    .action(async (options: RegisterOptions & { font?: string }) => {
      const sealName = options.kind === 'official' ? '' : options.name;
      const picture = generateRoundSeal({
        agencyName: options.agency,
        sealName,
        ...(options.font ? { fontFile: resolveUserPath(options.font) } : {}),
      });
      await register(context, options, picture);
    });
  registerOptions(seal.command('import'))
    .description('导入正式印模图像（PNG 或 SVG）并登记 / import the official seal image (PNG or SVG) and register it')
    .requiredOption('--image <file>', 'PNG or SVG image of the seal')
    .option('--size-mm <mm>', 'physical size (diameter) in millimetres', '42')
    .action(async (options: RegisterOptions & { image: string; sizeMm: string }) => {
      let data: Buffer;
      try {
        data = await readFile(resolveUserPath(options.image));
      } catch {
        throw new CliFailure(2, 'FILE_UNREADABLE', {
          zh: `无法读取图像 ${options.image}。`,
          en: `Cannot read the image ${options.image}.`,
        });
      }
      const type = detectPictureType(data);
      if (!type) {
        throw new CliFailure(2, 'SEAL_IMAGE_UNSUPPORTED', {
          zh: '印章图像必须是 PNG 或 SVG。',
          en: 'The seal image must be PNG or SVG.',
        });
      }
      const size = Number(options.sizeMm);
      await register(context, options, { type, data, widthMm: size, heightMm: size });
    });
  seal
    .command('show')
    .description('显示印章登记信息 / show a seal record')
    .argument('<seal>', 'seal file (.seal) or seal id with --dir')
    .option('--dir <dir>', 'PKI directory')
    .option('--json', 'print JSON')
    .option('--export-image <file>', 'write the seal image to a file')
    .action(async (ref: string, options: { dir?: string; json?: boolean; exportImage?: string }) => {
      const record = await loadSeal(ref, options.dir);
      const description = { ...describeSealRecord(record), makerSignatureValid: String(record.makerSignatureValid) };
      if (options.exportImage) await writeFile(resolveUserPath(options.exportImage), record.picture.data);
      if (options.json) context.out(JSON.stringify(description, null, 2));
      else for (const [key, value] of Object.entries(description)) context.out(`${key}: ${value}`);
      context.setExitCode(record.makerSignatureValid ? 0 : 1);
    });
}
