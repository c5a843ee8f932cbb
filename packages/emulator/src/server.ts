/** The Node transport: the in-memory emulator (`createEmulator`) behind a node:http server. */
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createEmulator, type EmulatorCore } from './fetchHandler.js';
import { gateway } from './errors/apiError.js';
import { MAX_URL_BYTES_LIMIT, type EmulatorOptions } from './options.js';

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
  // Headers up to MAX_URL_BYTES_LIMIT (plus room for the headers themselves): the emulator answers
  // an over-long request line itself, as JSON (maxUrlBytes), rather than node's empty 431.
  const server = createServer(
    { maxHeaderSize: MAX_URL_BYTES_LIMIT + 64 * 1024 },
    (req, res) => void engine.handle(req, res),
  );
  // Past even that, node refuses before any handler runs: answer the same JSON error on the socket.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    if (error.code !== 'HPE_HEADER_OVERFLOW') {
      socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    const tooLong = gateway.uriTooLong(engine.options.maxUrlBytes);
    const body = JSON.stringify({
      RequestId: 'emulator',
      Code: tooLong.code,
      Message: tooLong.message,
    });
    socket.end(
      `HTTP/1.1 414 URI Too Long\r\ncontent-type: application/json;charset=utf-8\r\n` +
        `connection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });
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
