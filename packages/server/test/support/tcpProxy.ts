import { createServer, connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

export interface TcpProxy {
  /** `redis://127.0.0.1:<port>` style address of the proxy. */
  port: number;
  /** Cuts every connection and refuses new ones for `ms`. */
  drop(ms: number): void;
  /**
   * Loses every packet sent to the target for `ms` (commands time out, nothing reaches Redis),
   * then cuts the connections so clients reconnect on a clean stream.
   */
  blackhole(ms: number): void;
  stop(): Promise<void>;
}

/**
 * A TCP proxy on loopback in front of `targetPort` (a real redis-server), for fault tests: it can
 * cut the line for a while. The drop's end runs on a real timer: the fault is in the network.
 */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let droppedUntil = 0;
  let lost = false;
  // One timer per fault: a drop during a stall must not cancel the stall's end (nor the reverse).
  let dropTimer: ReturnType<typeof setTimeout> | undefined;
  let lossTimer: ReturnType<typeof setTimeout> | undefined;
  const server = createServer((client) => {
    if (Date.now() < droppedUntil) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.on('data', (chunk: Buffer) => {
      if (!lost) upstream.write(chunk);
    });
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    drop(ms) {
      droppedUntil = Date.now() + ms;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      clearTimeout(dropTimer);
      dropTimer = setTimeout(() => (droppedUntil = 0), ms);
    },
    blackhole(ms) {
      lost = true;
      clearTimeout(lossTimer);
      lossTimer = setTimeout(() => {
        lost = false;
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      }, ms);
    },
    async stop() {
      clearTimeout(dropTimer);
      clearTimeout(lossTimer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
