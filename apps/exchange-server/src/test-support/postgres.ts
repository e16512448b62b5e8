import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './process';

/**
 * A throwaway PostgreSQL cluster for tests: initdb into a temp dir, started on a free port with
 * its socket in that dir, removed afterwards. Root cannot run postgres, so as root the cluster
 * runs as the `postgres` user Debian's package creates. With OA_TEST_PG_URL set, that server is
 * used instead (each suite still gets its own database).
 */
export interface TestPostgres {
  /** A URL of a fresh, empty database. */
  createDatabase(): Promise<string>;
  /** The server's process id, when this machine runs it (benchmarks count its CPU time). */
  serverPid?: number;
  stop(): Promise<void>;
}

const binDirs = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];

function postgresBin(name: string): string {
  for (const dir of binDirs) {
    const candidate = path.join(dir, name);
    if (spawnSync('test', ['-x', candidate]).status === 0) return candidate;
  }
  return name; // on PATH
}

function asPostgresUser(command: string, args: string[]): string {
  const isRoot = process.getuid?.() === 0;
  const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

let counter = 0;

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function creator(adminUrl: string): Promise<(prefix?: string) => Promise<string>> {
  return async (prefix = 'oa_hub_test') => {
    const name = `${prefix}_${process.pid}_${Date.now()}_${counter++}`;
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    } finally {
      await client.end();
    }
    return withDatabase(adminUrl, name);
  };
}

/**
 * `durable` keeps PostgreSQL's fsync on (for benchmarks that compare durable stores); tests
 * run with fsync off, which a killed hub process (not a killed machine) does not notice.
 */
export async function startTestPostgres(options: { durable?: boolean } = {}): Promise<TestPostgres> {
  const given = process.env['OA_TEST_PG_URL'];
  if (given) return { createDatabase: await creator(given), stop: async () => undefined };

  const dir = mkdtempSync(path.join(tmpdir(), 'oa-pg-'));
  const data = path.join(dir, 'data');
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  asPostgresUser(postgresBin('initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  asPostgresUser(postgresBin('pg_ctl'), [
    '-D',
    data,
    '-w',
    '-l',
    path.join(dir, 'log'),
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses='' -c fsync=${options.durable ? 'on' : 'off'} -c max_connections=200`,
    'start',
  ]);
  const adminUrl = `postgresql://postgres@${encodeURIComponent(dir)}:${port}/postgres`;
  const serverPid = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return {
    createDatabase: await creator(adminUrl),
    serverPid,
    stop: async () => {
      try {
        asPostgresUser(postgresBin('pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
