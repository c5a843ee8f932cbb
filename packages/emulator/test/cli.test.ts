import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCESS_KEY } from '../src/index.js';

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
    expect(out).not.toContain(DEFAULT_ACCESS_KEY.accessKeySecret);
    const works = await fetch(`${endpoint}/__emulator/works`);
    expect(works.status).toBe(200);
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it("prints its default key pair, labelled as the emulator's public test key", async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@quickbi-embed/source', cli, '--port', '0'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const deadline = Date.now() + 20_000;
    while (!out.includes('user-carol-0003') && Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    expect(out).toMatch(/AccessKeyId: +LTAI-emulator-default\n/);
    expect(out).toMatch(/AccessKeySecret: +emulator-default-secret\n/);
    expect(out).toContain("the emulator's public test key, not a secret");
  });

  it('has a bin that exists before any build (no install warning) and says how to build', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      bin: Record<string, string>;
      files: string[];
    };
    const bin = new URL(`../${pkg.bin['quickbi-emulator']}`, import.meta.url);
    expect(existsSync(bin)).toBe(true);
    expect(pkg.files).toContain(pkg.bin['quickbi-emulator']!.split('/')[1]);
    expect((await readFile(bin, 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});
