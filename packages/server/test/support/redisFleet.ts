import type { Emulator } from '@quickbi-embed/emulator';
import type { QuickBIHandlerOptions } from '@quickbi-embed/server';
import { createRedisStore } from '@quickbi-embed/server/redis';
import type { RedisStoreEvent, RedisStoreOptions } from '@quickbi-embed/server/redis';
import { captured, serveHandler } from './harness.js';
import type { Served } from './harness.js';

export interface FleetMember extends Served {
  storeEvents: RedisStoreEvent[];
}

/**
 * `size` handler instances, each on its own node:http server and its own Redis connection, sharing
 * one Redis: a fleet in one process (the bench runs the same across real processes).
 */
export async function startRedisFleet(
  emulator: Emulator,
  redisUrl: string,
  size: number,
  options: { store?: Partial<RedisStoreOptions>; handler?: Partial<QuickBIHandlerOptions> } = {},
): Promise<FleetMember[]> {
  return Promise.all(
    Array.from({ length: size }, async () => {
      const storeEvents: RedisStoreEvent[] = [];
      const store = createRedisStore({
        client: redisUrl,
        onEvent: (event) => {
          storeEvents.push(event);
          captured.push(JSON.stringify(event));
        },
        ...options.store,
      });
      const served = await serveHandler(emulator, { store, ...options.handler });
      return {
        ...served,
        storeEvents,
        async stop() {
          await served.stop();
          await store.close?.();
        },
      };
    }),
  );
}
