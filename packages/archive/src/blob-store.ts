import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
  fsyncSync,
  openSync,
  closeSync,
} from 'node:fs';
import path from 'node:path';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Content-addressed files (sha256) under a directory: `ab/cdef…`. Writing the same bytes twice
 * stores them once; a write is atomic (temp file, fsync, rename), so a crash never leaves a
 * half-written blob under its final name.
 */
export class BlobStore {
  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  pathOf(hash: string): string {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new RangeError(`not a sha256 hash: ${hash}`);
    return path.join(this.root, hash.slice(0, 2), hash.slice(2));
  }

  put(bytes: Uint8Array): string {
    const hash = sha256Hex(bytes);
    const target = this.pathOf(hash);
    if (existsSync(target)) return hash;
    mkdirSync(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, bytes);
    const fd = openSync(temp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
    return hash;
  }

  has(hash: string): boolean {
    return existsSync(this.pathOf(hash));
  }

  get(hash: string): Uint8Array {
    return readFileSync(this.pathOf(hash));
  }
}
