import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runWebHost } from '../src/web-host/main';
import { buildAll, buildRenderer } from './build';

/**
 * `pnpm start` of the desktop app: builds it, then starts Electron when its binary is
 * installed, or else the web host in this process (saying so, with the address and token).
 * Electron's binary is never downloaded here implicitly (build machines have no access to
 * its download site); install it with `pnpm --filter @oa/desktop exec install-electron`.
 */
const appDir = fileURLToPath(new URL('..', import.meta.url));

function electronBinary(): string | undefined {
  try {
    const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(packageDir, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const binary = process.env.OA_FORCE_WEB_HOST ? undefined : electronBinary();
if (binary !== undefined) {
  await buildAll();
  const child = spawn(binary, [join(appDir, 'dist', 'main', 'main.js')], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  await buildRenderer();
  await runWebHost({
    rendererDir: join(appDir, 'dist', 'renderer'),
    announce:
      'Electron 未安装，改为启动浏览器调试宿主（web host）。/ Electron is not installed here: starting the web host instead.',
  });
}
