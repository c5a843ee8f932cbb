// Memory per cached credential: N ticket credentials minted through the handler into the default
// memory store, heap measured around them after forced GCs. Runs in its own process (needs
// --expose-gc, and a heap nothing else has touched); the upstream is an in-process stub answering
// CreateTicket, so only our side is counted.
import { runHeapProbe } from '../heapProbe.js';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createMemoryStore,
  createQuickBIClient,
  createQuickBIHandler,
} from '@quickbi-embed/server';

export interface MemoryFigures {
  credentials: number;
  entries: number;
  heapBytes: number;
  bytesPerCredential: number;
}

const here = dirname(fileURLToPath(import.meta.url));

export async function measureMemoryInChild(credentials: number): Promise<MemoryFigures> {
  return runHeapProbe<MemoryFigures>(join(here, 'memoryPerCredential.ts'), credentials, 300_000);
}

async function probe(credentials: number): Promise<MemoryFigures> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  let serial = 0;
  // Quick BI's CreateTicket answer, as the emulator shapes it.
  const stubFetch: typeof fetch = async () => {
    serial += 1;
    const ticket = `${serial.toString(16).padStart(8, '0')}-5c1e-4b7a-9f3e-${(1e11 + serial).toString(16).slice(-12)}`;
    return new Response(
      JSON.stringify({ RequestId: `REQ-${serial}`, Result: ticket, Success: true }),
      {
        status: 200,
        headers: { 'content-type': 'application/json' },
      },
    );
  };
  const makeHandler = (store: ReturnType<typeof createMemoryStore>) =>
    createQuickBIHandler({
      client: createQuickBIClient({
        accessKeyId: 'LTAI-memory-probe',
        accessKeySecret: 'memory-probe-secret',
        endpoint: 'http://127.0.0.1:9',
        fetch: stubFetch,
      }),
      store,
      reportOrigin: 'https://bi.example.com',
      authorize: ({ request }) => {
        const user = request.headers.get('x-user')!;
        return {
          subject: user,
          userId: user,
          watermark: `${user} confidential`,
          expireMinutes: 60,
          ticketUses: 5,
        };
      },
    });
  const request = (handler: (r: Request) => Promise<Response>, i: number) =>
    handler(
      new Request('http://app.local/api/quickbi/ticket', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-user': `user-${String(i).padStart(7, '0')}`,
        },
        body: JSON.stringify({ worksId: `dash-${String(i % 50).padStart(4, '0')}` }),
      }),
    );

  // Warm every code path first (on a store of its own), so compiled code and lazily built tables
  // are not counted.
  const warm = makeHandler(createMemoryStore());
  for (let i = 0; i < 500; i++) await (await request(warm, credentials + i)).arrayBuffer();
  const store = createMemoryStore({ maxEntries: credentials * 4 });
  const handler = makeHandler(store);
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const batch = 200;
  for (let i = 0; i < credentials; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, credentials - i) }, async (_, j) => {
        const response = await request(handler, i + j);
        if (response.status !== 200)
          throw new Error(`probe: ${response.status} ${await response.text()}`);
        await response.arrayBuffer();
      }),
    );
  }
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  const heapBytes = after - before;
  return {
    credentials,
    entries: store.size(),
    heapBytes,
    bytesPerCredential: heapBytes / credentials,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--probe');
  const n = Number(process.argv[at + 1] ?? 100_000);
  console.log(JSON.stringify(await probe(n)));
}
