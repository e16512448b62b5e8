import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { SharedRun } from './shared-run';

const sha256Pattern = /^[0-9a-f]{64}$/;

/** One open folder and its syncs (one sync serves every rename made before it began). */
interface Folder {
  ready: Promise<FileHandle>;
  sync: SharedRun;
}

/**
 * Documents and attachments of a SQLite hub as files named by their sha256, under
 * `<data dir>/blobs/a/abcd…` (sixteen folders by the first hex digit). A file is written under a
 * temporary name and synced, renamed into place, and its folder synced — so a name present is
 * always the whole content, and a stored message never names a missing file: the rows that
 * refer to a file are committed only after `write` resolves. A crash between the two leaves at
 * most a file no message names, which costs space and nothing else.
 *
 * All of it runs on libuv's thread pool, off the request thread (a 100 KB blob in the database
 * is written into SQLite's log on the request thread and copied again at checkpoints), and
 * concurrent sends share their folders' syncs.
 */
export class BlobFiles {
  private readonly folders = new Map<string, Folder>();

  constructor(readonly dir: string) {}

  private fileOf(sha256: string): string {
    if (!sha256Pattern.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.dir, sha256.slice(0, 1), sha256);
  }

  private folder(name: string): Folder {
    let folder = this.folders.get(name);
    if (folder === undefined) {
      const ready = mkdir(name, { recursive: true }).then(() => open(name, 'r'));
      ready.catch(() => this.folders.delete(name)); // tried again by the next write
      folder = { ready, sync: new SharedRun(async () => (await ready).sync()) };
      this.folders.set(name, folder);
    }
    return folder;
  }

  /** Stores `data` under its hash; writing the same content again is harmless. */
  async write(sha256: string, data: Uint8Array): Promise<void> {
    const file = this.fileOf(sha256);
    const folder = this.folder(path.dirname(file));
    await folder.ready;
    const temporary = path.join(path.dirname(file), `.${randomUUID()}.part`);
    try {
      await writeFile(temporary, data, { flush: true });
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    await folder.sync.request();
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

  /** Closes the folders kept open for their syncs. */
  async close(): Promise<void> {
    const folders = [...this.folders.values()];
    this.folders.clear();
    for (const folder of folders) {
      await folder.sync.idle();
      await (await folder.ready.catch(() => undefined))?.close();
    }
  }
}
