import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isOaError } from '@oa/shared';
import { envName, loadConfig } from './config';
import { parseConfigArgs, resolveConfigPaths } from './flags';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function configFile(content: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'oa-hub-config-'));
  dirs.push(dir);
  const file = path.join(dir, 'hub.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function failure(call: () => unknown): { code: string; en: string } {
  try {
    call();
  } catch (error) {
    if (isOaError(error)) return { code: error.code, en: error.text.en };
    throw error;
  }
  throw new Error('expected a failure');
}

describe('hub configuration', () => {
  it('has embedded defaults: SQLite in .data/hub on 127.0.0.1:8443, unclassified only', () => {
    const config = loadConfig({ env: {} });
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8443, dataDir: '.data/hub', maxClassification: 'none' });
    expect(config.databaseUrl).toBeUndefined();
  });

  it('merges file < environment < flags, with file paths relative to the file', () => {
    const file = configFile({ port: 9000, dataDir: 'data', trustRoots: ['roots/root.pem'], logLevel: 'warn' });
    const config = loadConfig({
      file,
      env: { OA_HUB_PORT: '9100', OA_HUB_MAX_CLASSIFICATION: 'secret', OA_HUB_CRLS: `/a.crl${path.delimiter}/b.crl` },
      flags: { port: '9200' },
    });
    expect(config.port).toBe(9200);
    expect(config.maxClassification).toBe('secret');
    expect(config.logLevel).toBe('warn');
    expect(config.dataDir).toBe(path.join(path.dirname(file), 'data'));
    expect(config.trustRoots).toEqual([path.join(path.dirname(file), 'roots/root.pem')]);
    expect(config.crls).toEqual(['/a.crl', '/b.crl']);
    expect(envName('tokenTtlSeconds')).toBe('OA_HUB_TOKEN_TTL_SECONDS');
  });

  it('reads the command-line flags of `oa hub serve`, repeatable ones as lists', () => {
    const parsed = parseConfigArgs([
      '--config',
      'hub.json',
      '--port',
      '0',
      '--trust-root',
      'a.pem',
      '--trust-root',
      'b.pem',
    ]);
    expect(parsed).toEqual({ file: 'hub.json', flags: { port: '0', trustRoots: ['a.pem', 'b.pem'] } });
    expect(parseConfigArgs(['--', '--port', '1']).flags).toEqual({ port: '1' });
    // Path flags are taken relative to where the user ran the command.
    expect(resolveConfigPaths({ port: '1', dataDir: 'd', trustRoots: ['r.pem', '/abs.pem'] }, '/home/u')).toEqual({
      port: '1',
      dataDir: '/home/u/d',
      trustRoots: ['/home/u/r.pem', '/abs.pem'],
    });
    expect(failure(() => parseConfigArgs(['--prot', '1'])).code).toBe('USAGE');
  });

  it('names the key of a bad value, and refuses half a TLS configuration or a bad file', () => {
    expect(failure(() => loadConfig({ env: { OA_HUB_PORT: 'eighty' } }))).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(failure(() => loadConfig({ env: { OA_HUB_PORT: 'eighty' } })).en).toContain('port');
    expect(failure(() => loadConfig({ env: { OA_HUB_MAX_CLASSIFICATION: 'internal' } })).en).toContain(
      'maxClassification',
    );
    expect(failure(() => loadConfig({ env: { OA_HUB_TOKEN_SECRET: 'short' } })).en).toContain('tokenSecret');
    expect(failure(() => loadConfig({ env: { OA_HUB_TLS_CERT: '/x.pem' } })).en).toContain('TLS needs both');
    expect(failure(() => loadConfig({ env: {}, file: '/nonexistent/hub.json' })).code).toBe('CONFIG_UNREADABLE');
    expect(failure(() => loadConfig({ env: {}, file: configFile('{port: 1') })).code).toBe('CONFIG_INVALID');
  });
});
