import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

const sha256Pattern = /^[0-9a-f]{64}$/;

/**
 * Documents and attachments of a SQLite hub as files named by their sha256, under
 * `<data dir>/blobs/ab/abcd…` (a folder per first byte keeps folders small). A file is written
 * under a temporary name, synced, then renamed into place and its folder synced, so a name
 * present is always the whole content and a stored message never names a missing file: the
 * rows that refer to a file are committed only after `write` resolves. A crash between the two
 * leaves at most a file no message names, which costs space and nothing else.
 *
 * All of it runs on libuv's thread pool, off the request thread — unlike a 100 KB blob in the
 * database, written into SQLite's log on the request thread and copied again at checkpoints.
 */
export class BlobFiles {
  constructor(readonly dir: string) {}

  private fileOf(sha256: string): string {
    if (!sha256Pattern.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }

  /** Stores `data` under its hash (nothing to do when it is there already). */
  async write(sha256: string, data: Uint8Array): Promise<void> {
    const file = this.fileOf(sha256);
    if (await exists(file)) return;
    const folder = path.dirname(file);
    await mkdir(folder, { recursive: true });
    const temporary = path.join(folder, `.${randomUUID()}.part`);
    try {
      const handle = await open(temporary, 'wx');
      try {
        await handle.writeFile(data);
        await handle.datasync();
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    const folderHandle = await open(folder, 'r');
    try {
      await folderHandle.sync();
    } finally {
      await folderHandle.close();
    }
  }

  /** The content stored under `sha256`, or undefined when there is no such file. */
  async read(sha256: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(this.fileOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
