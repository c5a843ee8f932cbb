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
  /** The command that serves the built app on 127.0.0.1:port. */
  start(dir: string, port: number): { cmd: string; args: string[] };
  extraTicketRoutes?: string[];
  prefetched?: boolean;
  /** Has the product type picker, plain.html and sign-out (scripts/examples/featureChecks.ts). */
  features?: boolean;
  /** Where the build puts what the browser downloads. */
  browserBundle: string;
}

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
