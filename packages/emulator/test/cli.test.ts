import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

describe('CLI', () => {
  it('starts, prints the endpoint, origin and sample works, serves calls, stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=@quickbi-embed/source',
        cli,
        '--port',
        '0',
        '--access-key-id',
        'cli-id',
        '--access-key-secret',
        'cli-secret-value',
        '--tz',
        '+00:00',
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const deadline = Date.now() + 20_000;
    while (!out.includes('user-carol-0003') && Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const endpoint = /OpenAPI endpoint: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    expect(endpoint, out).toBeDefined();
    expect(out).toMatch(/Report origin: +http:\/\/127\.0\.0\.1:\d+/);
    for (const id of [
      'dash-sales-0001',
      'book-finance-0001',
      'screen-live-0001',
      'dash-private-0003',
    ]) {
      expect(out).toContain(id);
    }
    expect(out).toContain('cli-id');
    expect(out).not.toContain('cli-secret-value');
    const works = await fetch(`${endpoint}/__emulator/works`);
    expect(works.status).toBe(200);
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
