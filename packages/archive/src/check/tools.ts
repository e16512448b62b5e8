import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const found = new Map<string, boolean>();

/** Whether a program is installed (looked up once per process). */
function onPath(command: string): boolean {
  let present = found.get(command);
  if (present === undefined) {
    present = spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
    found.set(command, present);
  }
  return present;
}

/** Scans bytes for viruses. `skipped` when no scanner is installed. */
export interface VirusScanner {
  scan(bytes: Uint8Array, name: string): { status: 'clean' | 'infected' | 'skipped'; detail: string };
}

/** ClamAV's `clamscan` when installed (exit 0 clean, 1 infected), otherwise every scan is skipped. */
export function clamAvScanner(): VirusScanner {
  const available = onPath('clamscan');
  return {
    scan(bytes, name) {
      if (!available) return { status: 'skipped', detail: 'clamscan is not installed' };
      const dir = mkdtempSync(path.join(tmpdir(), 'oa-scan-'));
      try {
        const file = path.join(dir, path.basename(name));
        writeFileSync(file, bytes);
        const result = spawnSync('clamscan', ['--no-summary', file], { encoding: 'utf8' });
        if (result.status === 0) return { status: 'clean', detail: 'clamscan: OK' };
        if (result.status === 1) return { status: 'infected', detail: result.stdout.trim() };
        return { status: 'skipped', detail: `clamscan failed: ${result.stderr.trim()}` };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Renders page 1 with poppler's pdftoppm when installed (bytes on stdin, image discarded);
 * undefined when it is not. Asynchronous, so several packages' renders can overlap other checks.
 */
export async function renderFirstPage(bytes: Uint8Array): Promise<{ ok: boolean; detail: string } | undefined> {
  if (!onPath('pdftoppm')) return undefined;
  return new Promise((resolve) => {
    const child = execFile(
      'pdftoppm',
      ['-f', '1', '-l', '1', '-r', '12', '-png', '-'],
      { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        const detail = stderr.toString('utf8').trim();
        resolve(
          error ? { ok: false, detail: detail || error.message } : { ok: true, detail: detail || 'pdftoppm: OK' },
        );
      },
    );
    child.stdin?.on('error', () => undefined); // pdftoppm may stop reading a broken file early
    child.stdin?.end(bytes);
  });
}
