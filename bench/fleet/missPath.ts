// Miss-path overhead: what the handler adds to a first request (one that must mint), measured
// against the signed client calling CreateTicket on the same emulator directly, interleaved so
// both paths see the same machine state.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { DEFAULT_ACCESS_KEY, startEmulator } from '@quickbi-embed/emulator';
import {
  createMemoryStore,
  createQuickBIClient,
  createQuickBIHandler,
  toNodeHandler,
} from '@quickbi-embed/server';
import { fleetOrg, percentile } from './fleetOrg.js';

export interface LatencySummary {
  p50: number;
  p90: number;
  mean: number;
}

export interface MissPathFigures {
  samples: number;
  direct: LatencySummary;
  handler: LatencySummary;
  overheadP50Ms: number;
  overheadMeanMs: number;
  ratioP50: number;
  upstreamCallsPerMiss: number;
}

const WARMUP = 30;

export async function measureMissPath(samples = 300): Promise<MissPathFigures> {
  const { users, works } = fleetOrg(2 * (samples + WARMUP), 1);
  const worksId = works[0]!.worksId;
  const emulator = await startEmulator({
    users,
    works,
    rateLimitPerSecond: 0,
    refreshIntervalMs: 0,
  });
  const client = createQuickBIClient({
    accessKeyId: DEFAULT_ACCESS_KEY.accessKeyId,
    accessKeySecret: DEFAULT_ACCESS_KEY.accessKeySecret,
    endpoint: emulator.endpoint,
  });
  const handler = createQuickBIHandler({
    client,
    store: createMemoryStore({ maxEntries: 100_000 }),
    reportOrigin: emulator.reportOrigin,
    authorize: ({ request }) => {
      const user = request.headers.get('x-bench-user');
      return user
        ? { subject: user, userId: user, watermark: `bench ${user}`, expireMinutes: 60 }
        : null;
    },
  });
  const server = createServer(toNodeHandler(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/quickbi/ticket`;

  let next = 0;
  const direct = async () => {
    const userId = users[next++]!.userId;
    await client.createTicket({
      worksId,
      userId,
      expireMinutes: 60,
      ticketNum: 1,
      watermark: `bench ${userId}`,
    });
  };
  const viaHandler = async () => {
    const user = users[next++]!.userId;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bench-user': user },
      body: JSON.stringify({ worksId }),
    });
    if (response.status !== 200)
      throw new Error(`handler answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  };
  const time = async (fn: () => Promise<void>) => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };

  try {
    for (let i = 0; i < WARMUP; i++) {
      await direct();
      await viaHandler();
    }
    const callsBefore = emulator.stats().totalCalls;
    const directMs: number[] = [];
    const handlerMs: number[] = [];
    for (let i = 0; i < samples; i++) {
      directMs.push(await time(direct));
      handlerMs.push(await time(viaHandler));
    }
    const handlerCalls = emulator.stats().totalCalls - callsBefore - samples;
    const d = summarize(directMs);
    const h = summarize(handlerMs);
    return {
      samples,
      direct: d,
      handler: h,
      overheadP50Ms: h.p50 - d.p50,
      overheadMeanMs: h.mean - d.mean,
      ratioP50: h.p50 / d.p50,
      upstreamCallsPerMiss: handlerCalls / samples,
    };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await emulator.stop();
  }
}

function summarize(ms: number[]): LatencySummary {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    mean: ms.reduce((a, b) => a + b, 0) / ms.length,
  };
}
