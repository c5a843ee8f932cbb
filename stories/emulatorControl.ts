/**
 * Stories drive the emulator through its control API, which the dev-server plugin forwards at
 * `/__emulator/*` on the story's own origin.
 */
export interface EmulatorStats {
  calls: Record<string, number>;
  totalCalls: number;
  errors: Record<string, number>;
  tokensCreated: number;
  tokensRenewed: number;
  ticketsCreated: number;
  pageLoads: number;
  pageErrors: number;
  usesConsumed: number;
  refreshes: number;
  /** Uses consumed per ticket: one per iframe load. */
  ticketUses: Record<string, number>;
}

export interface EmulatorFault {
  action: string;
  latencyMs?: number;
  status?: 500 | 502 | 503;
  throttle?: true;
  drop?: true;
  count: number;
}

async function control<T>(path: string, body?: object): Promise<T> {
  const response = await fetch(`/__emulator/${path}`, {
    method: body ? 'POST' : 'GET',
    ...(body
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      : {}),
  });
  if (!response.ok) throw new Error(`emulator ${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

export const emulatorStats = () => control<EmulatorStats>('stats');
export const injectFault = (fault: EmulatorFault) => control<unknown>('faults', fault);
export const advanceEmulatorClock = (ms: number) => control<unknown>('clock', { advanceMs: ms });

/** The `accessTicket` / `accessToken` an iframe's URL carries. */
export function credentialOf(iframe: HTMLIFrameElement): string {
  const url = new URL(iframe.src);
  return url.searchParams.get('accessTicket') ?? url.searchParams.get('accessToken') ?? '';
}

export async function clearFaults(): Promise<void> {
  const response = await fetch('/__emulator/faults', { method: 'DELETE' });
  if (!response.ok) throw new Error(`emulator faults: HTTP ${response.status}`);
}

/**
 * An embed page's path as the emulator serves it: without the path this Storybook is served
 * under (a static build under `/storybook/` loads its embed pages from there too).
 */
export function embedPath(url: URL): string {
  const base = new URL('.', window.location.href).pathname;
  return url.pathname.startsWith(base) ? `/${url.pathname.slice(base.length)}` : url.pathname;
}
