import { readFileSync } from 'node:fs';
import { isOaError } from '@oa/shared';
import { Certificate, parseSealRecord, type SealRecord } from '@oa/signature';
import { exchangeLinkSchema, type ExchangeLinkView, type ParsedInput } from '../../api-contract';
import type { CoreContext } from '../context';
import { desktopError } from '../errors';
import { readInternal, writeInternal } from '../store/settings';

/** The agency's link to the hub (公文交换设置), kept in the local store's internal settings. */
const linkKey = 'exchange.link';

export function readLink(context: CoreContext): ExchangeLinkView | null {
  const parsed = exchangeLinkSchema.safeParse(readInternal(context, linkKey));
  return parsed.success ? parsed.data : null;
}

export function requireLink(context: CoreContext): ExchangeLinkView {
  const link = readLink(context);
  if (link === null) throw desktopError('EXCHANGE_NOT_CONFIGURED');
  return link;
}

/** Saves the link after checking that the seal record and the trust root can be read. */
export function saveLink(context: CoreContext, input: ParsedInput<'configureExchange'>): ExchangeLinkView {
  loadTrustRoot(input);
  loadSealRecord(input);
  readFile(input.keyStorePath);
  const link = { ...input, hubUrl: input.hubUrl.replace(/\/+$/, '') };
  writeInternal(context, linkKey, link);
  return link;
}

function readFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    throw desktopError('EXCHANGE_FILE_UNREADABLE', { file });
  }
}

/** The deployment's root certificate(s) from the PEM file. */
export function loadTrustRoot(link: Pick<ExchangeLinkView, 'trustRootPath'>): Certificate[] {
  const text = readFile(link.trustRootPath).toString('utf8');
  try {
    const roots = Certificate.allFromPem(text);
    if (roots.length > 0) return roots;
  } catch {
    // reported below
  }
  throw desktopError('EXCHANGE_TRUST_ROOT_INVALID', { file: link.trustRootPath });
}

export function loadSealRecord(link: Pick<ExchangeLinkView, 'sealRecordPath'>): SealRecord {
  const bytes = readFile(link.sealRecordPath);
  try {
    return parseSealRecord(bytes);
  } catch (error) {
    throw desktopError('EXCHANGE_SEAL_RECORD_INVALID', {
      file: link.sealRecordPath,
      reason: isOaError(error) ? error.text.zh : '无法解析',
    });
  }
}
