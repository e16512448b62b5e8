import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PdfRenderPool, type RenderOutcome } from './pdf-render-pool';

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

let renderPool: PdfRenderPool | undefined;

/**
 * Renders every page of a PDF with PDFium in worker threads (see PdfRenderPool). Asynchronous,
 * so the other checks of the same and other packages run meanwhile.
 */
export function renderPdf(bytes: Uint8Array): Promise<RenderOutcome> {
  renderPool ??= new PdfRenderPool();
  return renderPool.render(bytes);
}
