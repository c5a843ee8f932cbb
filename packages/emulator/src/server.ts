/** The Node transport: the in-memory emulator (`createEmulator`) behind a node:http server. */
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createEmulator, type EmulatorCore } from './fetchHandler.js';
import type { EmulatorOptions } from './options.js';

export interface Emulator extends EmulatorCore {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The OpenAPI endpoint (same as url; RPC calls go to `/`). */
  endpoint: string;
  /** Origin of the embed pages (same as url). */
  reportOrigin: string;
  stop(): Promise<void>;
}

/** Starts a local Quick BI: OpenAPI on `/`, embed pages, control API under `/__emulator/`. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const engine = createEmulator(options);
  const { port: wanted, host } = engine.options;
  const sockets = new Set<Socket>();
  // node:http's request and response are the handlers' own request/response surface.
  const server = createServer((req, res) => void engine.handle(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(wanted, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  // Descriptors, not a spread: a spread would read the works/users getters once.
  const { options: _options, handle: _handle, ...core } = Object.getOwnPropertyDescriptors(engine);
  const emulator = Object.defineProperties({}, core) as EmulatorCore;
  return Object.assign(emulator, {
    url,
    endpoint: url,
    reportOrigin: url,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  });
}
