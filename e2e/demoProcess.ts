/**
 * Starts the demo exactly as the README says (`pnpm start`) in its own process group, and waits
 * for its machine-readable `demo: ready <url>` line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface DemoProcess {
  url: string;
  /** The emulator's origin, printed as `demo: emulator <url>`. */
  emulatorUrl: string;
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startDemo(
  cwd: string,
  port: number,
  timeoutMs = 90_000,
): Promise<DemoProcess> {
  const child = spawn('pnpm', ['start', '--port', String(port)], {
    cwd,
    detached: true, // its own process group: pnpm, tsx and node all stop together
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  let output = '';
  const stop = () => killGroup(child);
  try {
    const lines = await new Promise<{ url: string; emulatorUrl: string }>((resolve, reject) => {
      let emulatorUrl = '';
      const timer = setTimeout(
        () => reject(new Error(`demo not ready in ${timeoutMs} ms:\n${output}`)),
        timeoutMs,
      );
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        emulatorUrl ||= /^demo: emulator (\S+)/m.exec(output)?.[1] ?? '';
        const ready = /^demo: ready (\S+)/m.exec(output)?.[1];
        if (ready) {
          clearTimeout(timer);
          resolve({ url: ready, emulatorUrl });
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`demo exited early (code ${code}):\n${output}`));
      });
    });
    return { ...lines, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function killGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}
