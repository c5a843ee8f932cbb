/**
 * The demo's server side: the server adapter's handler, talking with real signed HTTP either to
 * an in-process emulator (the default: no account, no network) or, when
 * `QUICKBI_ACCESS_KEY_ID` / `QUICKBI_ACCESS_KEY_SECRET` / `QUICKBI_REGION` are set, to the real
 * Quick BI.
 */
import { createQuickBIClient, createQuickBIHandler } from '@quickbi-embed/server';
import { toNodeHandler } from '@quickbi-embed/server/node';
import { startEmulator, type Emulator } from '@quickbi-embed/emulator';
import { QUICKBI_SITES, type QuickBIRegion } from '@quickbi-embed/core';
import { createDemoPolicy, sampleOrgHandlerOptions } from './demoPolicy.js';

// Re-exported for the dev-server plugin, which loads this module through Vite.
export { toNodeHandler };

export interface QuickBIBackendOptions {
  /** How often emulator pages refresh their data (ms). Short in tests so a lapse shows quickly. */
  refreshIntervalMs?: number;
  /** Where the handler is mounted (default `/api/quickbi`). */
  basePath?: string;
  /** Environment to read real Quick BI credentials from (default `process.env`). */
  env?: Record<string, string | undefined>;
}

export interface QuickBIBackend {
  handler: (request: Request) => Promise<Response>;
  mode: 'emulator' | 'quickbi';
  /** The emulator (emulator mode only). */
  emulator: Emulator | null;
  stop(): Promise<void>;
}

export async function startQuickBIBackend(
  options: QuickBIBackendOptions = {},
): Promise<QuickBIBackend> {
  const env = options.env ?? process.env;
  const accessKeyId = env.QUICKBI_ACCESS_KEY_ID;
  const accessKeySecret = env.QUICKBI_ACCESS_KEY_SECRET;
  const region = env.QUICKBI_REGION;
  if (accessKeyId && accessKeySecret && region) {
    if (!(region in QUICKBI_SITES))
      throw new Error(
        `QUICKBI_REGION must be one of ${Object.keys(QUICKBI_SITES).join(', ')}; got ${region}`,
      );
    // Real Quick BI: tickets bind to the Quick BI users you name, or to the report owner.
    const client = createQuickBIClient({
      accessKeyId,
      accessKeySecret,
      region: region as QuickBIRegion,
    });
    const authorize = createDemoPolicy({
      userIds: {
        alice: env.QUICKBI_DEMO_ALICE_USER_ID ?? null,
        bob: env.QUICKBI_DEMO_BOB_USER_ID ?? null,
      },
      paramKeysByWorks: new Map(
        (env.QUICKBI_DEMO_PARAM_WORKS ?? '')
          .split(',')
          .filter(Boolean)
          .map((id) => [id, ['region', 'product_type']]),
      ),
    });
    const handler = createQuickBIHandler({
      client,
      authorize,
      ...(options.basePath ? { basePath: options.basePath } : {}),
    });
    return { handler, mode: 'quickbi', emulator: null, stop: async () => {} };
  }

  const emulator = await startEmulator({
    port: 0,
    refreshIntervalMs: options.refreshIntervalMs ?? 5_000,
  });
  const key = emulator.accessKeys[0]!;
  // One clock for the whole demo world: the server signs and dates credentials on the emulator's
  // clock, so moving it (stories, the e2e test) moves time for every part at once.
  const now = () => emulator.now();
  const client = createQuickBIClient({
    accessKeyId: key.accessKeyId,
    accessKeySecret: key.accessKeySecret,
    endpoint: emulator.endpoint,
    now,
  });
  const handler = createQuickBIHandler({
    client,
    // The sample org's policy and works types, shared with the static Storybook.
    ...sampleOrgHandlerOptions(emulator.works),
    reportOrigin: emulator.reportOrigin,
    now,
    ...(options.basePath ? { basePath: options.basePath } : {}),
  });
  let stopped: Promise<void> | undefined;
  return { handler, mode: 'emulator', emulator, stop: () => (stopped ??= emulator.stop()) };
}
