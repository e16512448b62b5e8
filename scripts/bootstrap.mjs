#!/usr/bin/env node
// Installs the workspace. Native addons (better-sqlite3) are built against the headers of the
// Node that runs this script when they are installed beside it, so node-gyp never needs to
// download them (build machines reach only the npm registry). Extra arguments go to
// `pnpm install` (e.g. --frozen-lockfile).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const nodePrefix = path.resolve(path.dirname(process.execPath), '..');
const env = { ...process.env };
if (!env.npm_config_nodedir && existsSync(path.join(nodePrefix, 'include/node/node_api.h'))) {
  env.npm_config_nodedir = nodePrefix;
  console.log(`bootstrap: building native addons against the Node headers in ${nodePrefix}`);
}
const result = spawnSync('pnpm', ['install', ...process.argv.slice(2)], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
