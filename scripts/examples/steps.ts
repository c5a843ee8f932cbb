// Pack, install and start: the steps a user's machine would take, from our tarballs.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Emulator } from '@quickbi-embed/emulator';
import type { ExampleApp, StepResult } from './apps.js';
import { envWithoutSecrets } from './apps.js';

const PACKED = ['core', 'react', 'server'];

/** Builds every package (the root `pnpm build`) and packs the published ones: name → tarball. */
export function packPackages(root: string, into: string): Record<string, string> {
  mkdirSync(into, { recursive: true });
  // The root `pnpm build`, as a contributor runs it; its output only when it fails.
  const build = spawnSync('pnpm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) {
    console.log(build.stdout, build.stderr);
    throw new Error('pnpm build failed');
  }
  const tarballs: Record<string, string> = {};
  for (const name of PACKED) {
    const packed = spawnSync('pnpm', ['pack', '--pack-destination', into], {
      cwd: join(root, 'packages', name),
      encoding: 'utf8',
    });
    if (packed.status !== 0) throw new Error(`pnpm pack ${name} failed: ${packed.stderr}`);
    const file = readdirSync(into).find((f) => f.startsWith(`quickbi-embed-${name}-`));
    if (!file) throw new Error(`no tarball for ${name}`);
    tarballs[`@quickbi-embed/${name}`] = join(into, file);
  }
  return tarballs;
}

/** A copy of examples/<name> in `work`, without anything a previous local build left there. */
export function copyExample(root: string, name: string, work: string): string {
  const dir = join(work, name);
  cpSync(join(root, 'examples', name), dir, {
    recursive: true,
    filter: (src) => !/[\\/](node_modules|\.next|dist)$/.test(src),
  });
  return dir;
}

/** One npm cache for every example install (and later runs): later installs are mostly offline. */
export function examplesNpmCache(root: string): string {
  const dir =
    process.env.QUICKBI_EXAMPLES_NPM_CACHE ?? join(root, 'node_modules/.cache/examples-npm');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** `npm install` with our packages pointing at the tarballs (dependencies and overrides). */
export async function installExample(
  dir: string,
  tarballs: Record<string, string>,
  npmCache: string,
): Promise<StepResult> {
  const file = join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as {
    dependencies: Record<string, string>;
    overrides?: Record<string, string>;
  };
  for (const [name, tarball] of Object.entries(tarballs)) {
    const spec = `file:${tarball}`;
    if (name in pkg.dependencies) pkg.dependencies[name] = spec;
    // Our packages depend on each other by version: the same tarballs satisfy those too.
    (pkg.overrides ??= {})[name] = spec;
  }
  writeFileSync(file, JSON.stringify(pkg, null, 2));
  const result = spawnSync(
    'npm',
    [
      'install',
      '--cache',
      npmCache,
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
    ],
    { cwd: dir, encoding: 'utf8', env: envWithoutSecrets() },
  );
  if (result.status !== 0) console.log(result.stdout, result.stderr);
  return {
    ok: result.status === 0,
    ...(result.status === 0 ? {} : { detail: `npm exit ${result.status}` }),
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RunningApp extends StepResult {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts the built app with the emulator's endpoint, keys and report origin in its environment. */
export async function startApp(
  dir: string,
  example: ExampleApp,
  emulator: Emulator,
  root: string,
  timeoutMs = 30_000,
): Promise<RunningApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const key = emulator.accessKeys[0]!;
  const clockFollow = pathToFileURL(join(root, 'scripts/examples/clockFollow.mjs')).href;
  const { cmd, args, env } = example.start(dir, port);
  const child = spawn(cmd, args, {
    cwd: dir,
    detached: true, // its own process group, stopped as one
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...envWithoutSecrets(),
      PORT: String(port),
      QUICKBI_ACCESS_KEY_ID: key.accessKeyId,
      QUICKBI_ACCESS_KEY_SECRET: key.accessKeySecret,
      QUICKBI_ENDPOINT: emulator.endpoint,
      QUICKBI_REPORT_ORIGIN: emulator.reportOrigin,
      QUICKBI_TRUST_PROXY: '1',
      QUICKBI_EXAMPLES_CLOCK_URL: `${emulator.url}/__emulator/clock`,
      NODE_OPTIONS: `--import=${clockFollow}`,
      ...env,
    },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const answer = await fetch(url + '/');
      if (answer.status < 500) return { ok: true, url, port, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  console.log(output);
  await stop();
  return { ok: false, detail: 'did not answer GET /', url, port, stop: async () => undefined };
}

/** The packed files a published package must ship besides its code. */
export function missingPackedFiles(tarballs: Record<string, string>): string[] {
  return Object.entries(tarballs).flatMap(([name, tarball]) => {
    const listed = spawnSync('tar', ['tzf', tarball], { encoding: 'utf8' }).stdout.split('\n');
    return ['package/LICENSE', 'package/README.md']
      .filter((file) => !listed.includes(file))
      .map((file) => `${name}: ${file.slice('package/'.length)}`);
  });
}

/** Files of the built browser bundle that carry server code or the secret's name. */
export function serverCodeInBrowserBundle(dir: string): string[] {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(js|mjs|html)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
  // The request signer and the secret's variable live only on the server.
  return files.filter((file) =>
    /ACS3-HMAC-SHA256|QUICKBI_ACCESS_KEY_SECRET/.test(readFileSync(file, 'utf8')),
  );
}
