export interface EmulatorStats {
  /** OpenAPI calls per action (every call that named a known action, errors included). */
  calls: Record<string, number>;
  totalCalls: number;
  /** Error answers per code (gateway and Quick BI codes, injected faults included). */
  errors: Record<string, number>;
  tokensCreated: number;
  /** CreateEmbedToken calls that returned an existing token, extended. */
  tokensRenewed: number;
  ticketsCreated: number;
  /** Embed page loads that opened (a failed load counts in pageErrors). */
  pageLoads: number;
  pageErrors: number;
  usesConsumed: number;
  refreshes: number;
  /** Uses consumed per ticket value. */
  ticketUses: Record<string, number>;
}

export function emptyStats(): EmulatorStats {
  return {
    calls: {},
    totalCalls: 0,
    errors: {},
    tokensCreated: 0,
    tokensRenewed: 0,
    ticketsCreated: 0,
    pageLoads: 0,
    pageErrors: 0,
    usesConsumed: 0,
    refreshes: 0,
    ticketUses: {},
  };
}

export function bump(record: Record<string, number>, key: string, by = 1): void {
  record[key] = (record[key] ?? 0) + by;
}

export function copyStats(s: EmulatorStats): EmulatorStats {
  return {
    ...s,
    calls: { ...s.calls },
    errors: { ...s.errors },
    ticketUses: { ...s.ticketUses },
  };
}
