import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isoNow, type CoreContext } from '../context';
import { desktopError } from '../errors';
import { storeLimits } from '../limits';

/**
 * Content-addressed files (PDFs, attachments) under `<dataDir>/blobs/ab/abcdef…`: the name
 * is the sha256 of the bytes, so the same content is stored once, and reading checks the
 * bytes against their name. The database keeps a row per blob for foreign keys.
 */
export function blobPath(dataDir: string, sha256: string): string {
  return join(dataDir, 'blobs', sha256.slice(0, 2), sha256);
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Writes the file (once) and records the blob row; call inside the transaction that
 * references it. A file left behind by a rolled-back transaction is harmless: it is named by
 * its content and is reused the next time the same bytes arrive.
 */
export function putBlob(context: CoreContext, bytes: Uint8Array): { sha256: string; size: number } {
  if (bytes.byteLength > storeLimits.maxBlobBytes) {
    throw desktopError('BLOB_TOO_LARGE', { size: bytes.byteLength, max: storeLimits.maxBlobBytes });
  }
  const sha256 = sha256Hex(bytes);
  const path = blobPath(context.dataDir, sha256);
  if (!existsSync(path)) {
    mkdirSync(join(context.dataDir, 'blobs', sha256.slice(0, 2)), { recursive: true });
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(temporary, bytes, { flag: 'wx' });
    renameSync(temporary, path);
  }
  context.db
    .prepare('INSERT OR IGNORE INTO blobs (sha256, size, created_at) VALUES (?, ?, ?)')
    .run(sha256, bytes.byteLength, isoNow(context));
  return { sha256, size: bytes.byteLength };
}

/** The blob's bytes, checked against their hash. */
export function readBlob(context: CoreContext, sha256: string): Buffer {
  const known = context.db.prepare('SELECT 1 FROM blobs WHERE sha256 = ?').get(sha256);
  const path = blobPath(context.dataDir, sha256);
  if (known === undefined || !existsSync(path)) throw desktopError('BLOB_NOT_FOUND', { hash: sha256 });
  const bytes = readFileSync(path);
  if (sha256Hex(bytes) !== sha256) throw desktopError('BLOB_CORRUPT', { hash: sha256 });
  return bytes;
}
