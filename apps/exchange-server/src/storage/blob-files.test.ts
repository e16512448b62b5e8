import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../audit/chain';
import { BlobFiles } from './blob-files';
import { blobsDirName, openStorage } from './open';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('documents kept as files beside a SQLite hub database', () => {
  it('stores a document once under its hash and reads it back whole', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'oa-blobs-'));
    const files = new BlobFiles(path.join(dir, blobsDirName));
    const pdf = Buffer.from('%PDF-1.7 sealed document');
    const sha256 = sha256Hex(pdf);
    await files.write(sha256, pdf);
    await files.write(sha256, pdf); // a retried send
    expect(Buffer.from((await files.read(sha256))!)).toEqual(pdf);
    expect(readdirSync(path.join(dir, blobsDirName, sha256.slice(0, 1)))).toEqual([sha256]);
    await files.close();
    expect(await files.read(sha256Hex('never stored'))).toBeUndefined();
    await expect(files.write('../../etc/passwd', pdf)).rejects.toThrow(/not a sha256/);
  });

  it('still serves documents a hub stored inside its database before it kept them as files', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'oa-blobs-'));
    const { driver, store } = await openStorage({ dataDir: dir });
    try {
      const old = Buffer.from('%PDF-1.7 stored in the database by an earlier hub version');
      await driver.run('INSERT INTO blobs (sha256, size, data) VALUES (?, ?, ?)', [
        sha256Hex(old),
        old.byteLength,
        old,
      ]);
      expect(Buffer.from((await store.getBlob(sha256Hex(old)))!)).toEqual(old);
      expect(await store.getBlob(sha256Hex('unknown'))).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
