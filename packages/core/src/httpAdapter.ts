import type { AdapterCallOptions, QuickBIClientAdapter } from './adapter.js';
import type { Timers } from './timers.js';

export interface HttpAdapterOptions {
  /** Where the server handler is mounted; absolute or relative to the page. */
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
  /** Extra headers (e.g. a CSRF token), or a function returning them per call. */
  headers?: HeadersInit | (() => HeadersInit);
  /** Cookie policy of the calls; the app's session usually rides on cookies. */
  credentials?: RequestCredentials;
  /**
   * Milliseconds a call may take, answer included, before it is given up as a (retryable)
   * `NETWORK_ERROR`. Default 30 000, as Superset's guest-token fetch; `0` waits for ever.
   */
  timeout?: number;
  /** The timers the timeout runs on (tests pass fake ones); the globals by default. */
  timers?: Pick<Timers, 'setTimeout' | 'clearTimeout'>;
}

type Call = (body: object, options?: AdapterCallOptions) => Promise<unknown>;

/**
 * A client adapter speaking our HTTP contract to `createQuickBIHandler`.
 *
 * A shell: the calls (`httpCalls.ts`) load on demand, their import started here. An app creates
 * its adapter where it starts (module scope, or the provider's first render), before the engine
 * asks for the first credential, so the first call finds them loaded or loading (no extra round
 * trip before the first paint) and no page ships them in its first chunk. Should the load fail
 * (offline, a deploy replaced the chunk), the call fails as a retryable `NETWORK_ERROR` and the
 * next call loads again.
 */
export function createHttpAdapter(options: HttpAdapterOptions = {}): QuickBIClientAdapter {
  let calls: Promise<Record<string, Call>> | undefined;
  const load = () =>
    (calls ??= import('./httpCalls.js').then(
      (m) => m.httpCalls(options) as unknown as Record<string, Call>,
      // The bundler's own error (it names the chunk), coded as our network errors are.
      (cause: Error) => {
        calls = undefined;
        throw Object.assign(cause, { code: 'NETWORK_ERROR', status: 0 });
      },
    ));
  load().catch(() => {});
  const adapter: Record<string, Call> = {};
  for (const name of [
    'createEmbedToken',
    'createTicket',
    'renewTicket',
    'queryTicketInfo',
    'createCopilotTicket',
  ])
    adapter[name] = async (body, callOptions) => (await load())[name]!(body, callOptions);
  return adapter as unknown as QuickBIClientAdapter;
}
