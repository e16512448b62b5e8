import { randomUUID } from 'node:crypto';
import { accessSync, constants, mkdirSync } from 'node:fs';
import {
  ArchiveCatalog,
  archiveRequestFromDocument,
  archiveWithStamp,
  checkPackage,
  exportPackage,
  packageSignerFromKey,
  packageVerifierFromTrust,
  pdfVerifierFromTrust,
} from '@oa/archive';
import { openKeyStoreFile, signOffPdf, type KeyStore } from '@oa/signature';
import { desktopError } from '../errors';
import type { JobsProtocol } from './jobs-protocol';
import { serveRequests } from './worker-server';

/**
 * The core's jobs worker thread: the CPU-heavy part of 批量签发, 归档 and package export
 * (opening PKCS#12 key stores, PAdES signing, the 归档章, hashing, the package signature and
 * 四性检测), apart from the preview worker so a long export never delays a preview (the
 * typesetting before signing or stamping is done by the preview worker, one document per
 * request, where the fonts are already loaded). Keys opened here stay here: from `openKey` to
 * `dropKey` (the end of a batch), or until the thread ends.
 */
interface OpenKey {
  keyStore: KeyStore;
  catalog: ArchiveCatalog | undefined;
}

const keys = new Map<string, OpenKey>();

/** A key id not known here: this thread is not the one that opened it (the previous one died). */
function requireKey(keyId: string): OpenKey {
  const key = keys.get(keyId);
  if (key === undefined) throw desktopError('JOB_WORKER_FAILED');
  return key;
}

/** The export folder, made if missing; a folder that cannot be written is said before anything is written. */
function requireWritableFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch {
    throw desktopError('ARCHIVE_OUT_DIR_UNWRITABLE', { dir });
  }
}

serveRequests<JobsProtocol>(
  {
    openKey: async ({ keyStorePath, pin, catalogDir }) => {
      const keyStore = await openKeyStoreFile(keyStorePath, pin);
      const keyId = randomUUID();
      keys.set(keyId, { keyStore, catalog: catalogDir === undefined ? undefined : ArchiveCatalog.open(catalogDir) });
      return { keyId };
    },

    dropKey: async ({ keyId }) => {
      const key = keys.get(keyId);
      keys.delete(keyId);
      key?.catalog?.close();
      return { dropped: key !== undefined };
    },

    signOff: async ({ keyId, pdf, opinion, signingTime }) => {
      const { keyStore } = requireKey(keyId);
      return { pdf: await signOffPdf(pdf, { keyStore, opinion, signingTime }) };
    },

    archiveItem: async ({ keyId, document, pdf, place, record, actor, at }) => {
      const { keyStore, catalog } = requireKey(keyId);
      if (catalog === undefined) throw desktopError('JOB_WORKER_FAILED');
      const request = await archiveRequestFromDocument({
        document,
        pdf,
        place,
        record,
        actor,
        at,
      });
      const item = await archiveWithStamp(catalog, request, { keyStore });
      return { archivalCode: item.archivalCode };
    },

    exportPackage: async (input, progress) => {
      const key = await openKeyStoreFile(input.keyStorePath, input.pin);
      requireWritableFolder(input.outDir);
      progress({ type: 'started' });
      const catalog = ArchiveCatalog.open(input.catalogDir);
      try {
        const root = key.chain.at(-1) ?? key.certificate;
        const trust = { trustedRoots: [root] };
        const subject = key.certificate.subject;
        const result = await exportPackage({
          catalog,
          archivalCodes: input.archivalCodes,
          outDir: input.outDir,
          createdBy: subject.organization ?? subject.commonName,
          createdAt: input.at,
          actor: input.actor,
          signer: packageSignerFromKey(key),
          pdfVerifier: pdfVerifierFromTrust(trust),
          onItem: (done, total) => progress({ type: 'packed', done, total }),
        });
        progress({ type: 'checking' });
        const report = await checkPackage(result.dir, {
          packageVerifier: packageVerifierFromTrust(trust),
          pdfVerifier: pdfVerifierFromTrust(trust),
          now: input.at,
        });
        return { ...result, report };
      } finally {
        catalog.close();
      }
    },
  },
  () => desktopError('API_INTERNAL'),
);
