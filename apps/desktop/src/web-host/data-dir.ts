import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the web host keeps its data when OA_DATA_DIR is not set: the platform's per-user
 * data directory, in a folder of its own (the Electron app uses its userData folder).
 */
export function defaultWebHostDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.OA_DATA_DIR) return env.OA_DATA_DIR;
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'oa-gongwen', 'web-host');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'oa-gongwen', 'web-host');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'oa-gongwen', 'web-host');
}
