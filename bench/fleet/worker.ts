// One server process of the fleet: the handler on node:http with the Redis store. Started by
// fleet.bench.ts with fork(); configured through the environment; reports its port over IPC.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createQuickBIClient, createQuickBIHandler } from '@quickbi-embed/server';
import { toNodeHandler } from '@quickbi-embed/server/node';
import { createRedisStore } from '@quickbi-embed/server/redis';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`fleet worker: ${name} is not set`);
  return value;
};

const log = (entry: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ worker: process.pid, ...entry })}\n`);

const client = createQuickBIClient({
  accessKeyId: env('FLEET_ACCESS_KEY_ID'),
  accessKeySecret: env('FLEET_ACCESS_KEY_SECRET'),
  endpoint: env('FLEET_ENDPOINT'),
});
const store = createRedisStore({
  client: env('FLEET_REDIS_URL'),
  onEvent: (event) => log({ store: event }),
});
const handler = createQuickBIHandler({
  client,
  store,
  reportOrigin: env('FLEET_ENDPOINT'),
  // The bench measures minting across a fleet, not the per-user upstream quota.
  quota: false,
  // Nor the per-user cap of live credentials: the bench's users mint freely.
  maxLivePerSubject: 100_000,
  // The bench's stand-in for a session: a trusted header set by the load generator.
  authorize: ({ request, kind }) => {
    const user = request.headers.get('x-fleet-user');
    if (!user) return null;
    // Embed tokens (the round-trip probe's) carry no watermark, so their policy has none.
    if (kind === 'token')
      return { subject: user, userId: user, kinds: ['token'], expireMinutes: 60 };
    return {
      subject: user,
      userId: user,
      watermark: `fleet ${user}`,
      expireMinutes: 60,
      ticketUses: 20,
    };
  },
  // Smart Q (the round-trip probe's), for every user.
  authorizeCopilot: ({ request }) => {
    const user = request.headers.get('x-fleet-user');
    if (!user) return null;
    return { subject: user, userId: user, kinds: ['copilot'], expireMinutes: 60, ticketUses: 20 };
  },
  onEvent: (event) => {
    if (event.type !== 'credential.minted' && event.type !== 'credential.reused') log({ event });
  },
});

const server = createServer(toNodeHandler(handler));
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'listening', port: (server.address() as AddressInfo).port });
});

process.on('message', (message) => {
  if (message !== 'stop') return;
  server.closeAllConnections();
  server.close(() => {
    void store.close?.().finally(() => process.exit(0));
  });
});
