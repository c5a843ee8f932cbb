// The example apps and how each is built and started (the rest of the check is shared).
import { join } from 'node:path';

export interface StepResult {
  ok: boolean;
  detail?: string;
}

export interface ExampleApp {
  name: string;
  buildLabel: string;
  /** Built with no AccessKey in the environment. */
  build(dir: string): Promise<StepResult>;
  /** The command that serves the built app on 127.0.0.1:port (and its extra environment). */
  start(dir: string, port: number): { cmd: string; args: string[]; env?: NodeJS.ProcessEnv };
  extraTicketRoutes?: string[];
  prefetched?: boolean;
  /** A link that changes the page's search params (a revalidation): its loader mints nothing. */
  revalidateLink?: string;
  /** Has the product type picker, plain.html and sign-out (scripts/examples/featureChecks.ts). */
  features?: boolean;
  /** Where the build puts what the browser downloads. */
  browserBundle: string;
}

const nextBin = (dir: string) => join(dir, 'node_modules/next/dist/bin/next');
const viteBin = (dir: string) => join(dir, 'node_modules/vite/bin/vite.js');

export const EXAMPLES: ExampleApp[] = [
  {
    name: 'next-app-router',
    buildLabel: 'next build without an AccessKey (type check with skipLibCheck off, edge route)',
    build: (dir) =>
      run(dir, process.execPath, [join(dir, 'node_modules/next/dist/bin/next'), 'build']),
    start: (dir, port) => ({
      cmd: process.execPath,
      args: [
        join(dir, 'node_modules/next/dist/bin/next'),
        'start',
        '-p',
        String(port),
        '-H',
        '127.0.0.1',
      ],
    }),
    browserBundle: '.next/static',
    extraTicketRoutes: ['/api/edge/quickbi/ticket'],
    prefetched: true,
  },
  {
    name: 'next-pages-router',
    buildLabel: 'next build without an AccessKey (pages/api catch-all, getServerSideProps)',
    build: (dir) => run(dir, process.execPath, [nextBin(dir), 'build']),
    start: (dir, port) => ({
      cmd: process.execPath,
      args: [nextBin(dir), 'start', '-p', String(port), '-H', '127.0.0.1'],
    }),
    browserBundle: '.next/static',
    prefetched: true,
  },
  {
    name: 'react-router',
    buildLabel: 'react-router build without an AccessKey (framework mode, SSR)',
    build: (dir) =>
      run(dir, process.execPath, [join(dir, 'node_modules/@react-router/dev/bin.js'), 'build']),
    start: (dir, port) => ({
      cmd: process.execPath,
      args: [join(dir, 'node_modules/@react-router/serve/bin.js'), './build/server/index.js'],
      env: { PORT: String(port), HOST: '127.0.0.1' },
    }),
    browserBundle: 'build/client',
    prefetched: true,
    revalidateLink: 'Notes tab',
  },
  {
    name: 'vite-spa-dev',
    buildLabel: 'vite build (the same app the dev server serves)',
    build: (dir) => run(dir, process.execPath, [viteBin(dir), 'build']),
    // `npm run dev`: the API server and Vite's dev server, whose proxy forwards /api and /login.
    start: (dir, port) => ({
      cmd: process.execPath,
      args: [join(dir, 'dev.mjs'), '--port', String(port)],
    }),
    browserBundle: 'dist',
  },
  {
    name: 'vite-express',
    buildLabel: 'vite build (production)',
    browserBundle: 'dist',
    build: (dir) =>
      run(dir, process.execPath, [join(dir, 'node_modules/vite/bin/vite.js'), 'build']),
    start: (dir) => ({ cmd: process.execPath, args: [join(dir, 'server.mjs')] }),
    features: true,
  },
];

/** Environment without any Quick BI setting: what a build machine has. */
export function envWithoutSecrets(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', CI: '1' };
  for (const name of Object.keys(env)) if (name.startsWith('QUICKBI_')) delete env[name];
  return env;
}

async function run(cwd: string, cmd: string, args: string[]): Promise<StepResult> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd,
      env: envWithoutSecrets(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => {
      if (code !== 0) console.log(output);
      resolve({ ok: code === 0, ...(code === 0 ? {} : { detail: `exit ${code}` }) });
    });
  });
}
