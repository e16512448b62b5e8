import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The exchange hub as its own OS process (its real entry, `src/main.ts`), on a fixed port so it
 * can be stopped and started again on the same address and data directory, as an operator would.
 */
const hubEntry = join(dirname(createRequire(import.meta.url).resolve('@oa/exchange-server')), 'main.ts');

export interface HubProcessOptions {
  port: number;
  dataDir: string;
  trustRoot: string;
  adminPassword: string;
  tokenSecret: string;
}

export class HubProcess {
  private child: ChildProcess | undefined;
  private output = '';

  constructor(private readonly options: HubProcessOptions) {}

  get url(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  async start(): Promise<void> {
    const { port, dataDir, trustRoot, adminPassword, tokenSecret } = this.options;
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        hubEntry,
        '--port',
        String(port),
        '--data-dir',
        dataDir,
        '--trust-root',
        trustRoot,
        '--admin-user',
        'admin',
        '--log-level',
        'warn',
      ],
      {
        env: { ...process.env, OA_HUB_ADMIN_PASSWORD: adminPassword, OA_HUB_TOKEN_SECRET: tokenSecret },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.on('data', (chunk) => (this.output += String(chunk)));
    child.stderr?.on('data', (chunk) => (this.output += String(chunk)));
    this.child = child;
    for (let attempt = 0; ; attempt++) {
      if (child.exitCode !== null) throw new Error(`hub exited with ${child.exitCode}: ${this.output}`);
      try {
        if ((await fetch(`${this.url}/ready`)).ok) return;
      } catch {
        // not listening yet
      }
      if (attempt > 600) throw new Error(`hub did not start: ${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** SIGTERM and wait for the exit (the hub finishes running requests and closes its database). */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}
