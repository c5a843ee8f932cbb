/**
 * `pnpm start`: the one-command demo. Starts the Quick BI emulator, the server adapter's handler
 * (mounted on Vite's node:http dev server) and the demo page, then prints the URL to open.
 *
 *   pnpm start [--port 5173]
 *
 * With QUICKBI_ACCESS_KEY_ID, QUICKBI_ACCESS_KEY_SECRET and QUICKBI_REGION set, the handler talks
 * to the real Quick BI instead of the emulator (see demo/README.md). Prints one machine-readable
 * line, `demo: ready <url>`, once the page is served.
 */
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createServer } from 'vite';
import react from '@vitejs/plugin-react';
import { quickbiDevServer } from '../demo/quickbiDevServer.js';
import type { QuickBIBackend } from '../demo/quickbiBackend.js';

function readPort(argv: string[]): number {
  const index = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  if (index === -1) return 5173;
  const arg = argv[index]!;
  const raw = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[index + 1];
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`demo: --port needs a port number (0-65535), got ${raw ?? 'nothing'}`);
    process.exit(2);
  }
  return port;
}

const port = readPort(process.argv.slice(2));
let backend: QuickBIBackend | undefined;

const server = await createServer({
  configFile: false,
  root: fileURLToPath(new URL('../demo', import.meta.url)),
  clearScreen: false,
  logLevel: 'warn',
  plugins: [react(), quickbiDevServer({ refreshIntervalMs: 2_000, onReady: (b) => (backend = b) })],
  resolve: { conditions: ['@quickbi-embed/source', 'module', 'browser', 'development|production'] },
  ssr: {
    resolve: { conditions: ['@quickbi-embed/source', 'module', 'node', 'development|production'] },
  },
  server: { host: '127.0.0.1', port, strictPort: true },
});
await server.listen();

const address = server.httpServer?.address() as AddressInfo;
const url = `http://127.0.0.1:${address.port}/`;
if (backend?.emulator) {
  console.log(
    `demo: emulator ${new URL('/', backend.emulator.url)} (OpenAPI endpoint and report pages)`,
  );
} else {
  console.log(`demo: using the real Quick BI (region ${process.env.QUICKBI_REGION})`);
}
console.log(`demo: open ${url} in a browser; Ctrl+C stops everything`);
console.log(`demo: ready ${url}`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`demo: ${signal}, stopping`);
  // Bounded: a stuck keep-alive connection must not keep the process alive.
  const timer = setTimeout(() => process.exit(1), 5_000);
  timer.unref();
  await server.close();
  await backend?.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
