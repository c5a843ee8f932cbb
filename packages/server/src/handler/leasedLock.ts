import { ERROR_STATUS, QuickBIEmbedError } from '@quickbi-embed/core';
import type { CredentialStore, StoreLock } from '../store/types.js';

/** What a lease needs from the issuers' context (no import of it: no cycle). */
export interface LeaseContext {
  store: CredentialStore;
  now: () => number;
  lock: ResolvedLockOptions;
  sleep: (ms: number) => Promise<void>;
}

/** How the fleet-wide single-flight lock behaves. Every figure is injectable for tests. */
export interface LockOptions {
  /** Lease length: a holder that dies frees the lock after this. Default 15 s. */
  ttlMs?: number;
  /** How often a waiter looks for the holder's result. Default 50 ms. */
  pollMs?: number;
  /**
   * How long a waiter waits for a live holder before answering 504 UPSTREAM_TIMEOUT. It never
   * mints on its own while the holder is alive. Default 60 s.
   */
  maxWaitMs?: number;
  /** Schedules the lease heartbeat; returns a cancel function. Default: `setTimeout`, unref'd. */
  setTimer?: (run: () => void, ms: number) => () => void;
}

export interface ResolvedLockOptions {
  ttlMs: number;
  pollMs: number;
  maxWaitMs: number;
  setTimer: (run: () => void, ms: number) => () => void;
}

export function resolveLockOptions(options: LockOptions = {}): ResolvedLockOptions {
  for (const name of ['ttlMs', 'pollMs', 'maxWaitMs'] as const) {
    const value = options[name];
    if (value !== undefined && !(Number.isFinite(value) && value >= 1))
      throw new TypeError(`createQuickBIHandler: lock.${name} must be a number of ms >= 1`);
  }
  return {
    ttlMs: options.ttlMs ?? 15_000,
    pollMs: options.pollMs ?? 50,
    maxWaitMs: options.maxWaitMs ?? 60_000,
    setTimer:
      options.setTimer ??
      ((run, ms) => {
        const timer = setTimeout(run, ms);
        // A heartbeat must never keep a process alive on its own.
        (timer as { unref?: () => void }).unref?.();
        return () => clearTimeout(timer);
      }),
  };
}

/**
 * Keeps a held lock alive while its holder works: extends the lease every third of its length,
 * so a slow upstream call (a 12 s CreateTicket) never lets a waiter in while the holder lives. When
 * the store cannot be reached (a Redis blip), the lease may still be alive: the heartbeat retries
 * every tenth of the lease for as long as it may be, instead of giving it up at the first failure.
 * It stops only when the store says the lease is lost, or when the lease has surely run out (the
 * holder's fenced writes then fail: see `StoreLock.fence`). A holder that dies stops extending and
 * the lock frees itself one lease later.
 */
function heartbeat(lock: StoreLock, options: ResolvedLockOptions, now: () => number): () => void {
  let cancel: (() => void) | undefined;
  let stopped = false;
  // The lease is surely held until then: the last extension's send time plus its length.
  let heldUntil = now() + options.ttlMs;
  const schedule = (ms: number) => {
    cancel = options.setTimer(beat, ms);
  };
  const beat = () => {
    if (stopped) return;
    const sentAt = now();
    void lock.extend(options.ttlMs).then(
      (held) => {
        if (stopped || !held) return; // lost: expired, maybe taken by another holder
        heldUntil = sentAt + options.ttlMs;
        schedule(options.ttlMs / 3);
      },
      () => {
        // The store is unreachable: retry while the lease may still be alive.
        if (stopped || now() >= heldUntil) return;
        schedule(Math.max(1, Math.min(options.ttlMs / 10, heldUntil - now())));
      },
    );
  };
  schedule(options.ttlMs / 3);
  return () => {
    stopped = true;
    cancel?.();
  };
}

/** Runs `run` while `lease` is held and kept alive by its heartbeat, then releases it. */
async function holding<T>(ctx: LeaseContext, lease: StoreLock, run: () => Promise<T>): Promise<T> {
  const stop = heartbeat(lease, ctx.lock, ctx.now);
  try {
    return await run();
  } finally {
    stop();
    await lease.release();
  }
}

/** A waiter gave up: the lease holder is still creating the credential. */
function stillCreating(): QuickBIEmbedError {
  return new QuickBIEmbedError({
    code: 'UPSTREAM_TIMEOUT',
    status: ERROR_STATUS.UPSTREAM_TIMEOUT,
    message: 'Another request is still creating this credential; retry shortly',
  });
}

/** What one look at the store found (see {@link underLookup}). */
export type Sighting<T, S> =
  /** Something to use: no lease needed. */
  | { ready: T }
  /** Nothing to use, and the lease was taken in the same step: produce under it. */
  | { lease: StoreLock; seen: S }
  /** Nothing to use yet, and another holder has the lease: wait for it. */
  | { busy: true };

/**
 * Runs `produce` under a fleet-wide lease, so a fleet mints (or extends) once: `look` reads what
 * there is and, when it is not usable, tries the lease in the same store step (one round trip).
 * The holder produces under the heartbeat; a waiter looks again every `pollMs` and gives up with
 * 504 after `maxWaitMs`, never producing while the holder lives.
 * The lease is released after `produce` (a no-op when `produce` released it with its last write).
 */
export async function underLookup<T, S>(
  ctx: LeaseContext,
  look: () => Promise<Sighting<T, S>>,
  produce: (lease: StoreLock, seen: S) => Promise<T>,
): Promise<T> {
  const { lock: options } = ctx;
  const maxPolls = Math.max(1, Math.ceil(options.maxWaitMs / options.pollMs));
  for (let poll = 0; ; poll++) {
    const sighting = await look();
    if ('ready' in sighting) return sighting.ready;
    if ('lease' in sighting) {
      const { lease, seen } = sighting;
      return holding(ctx, lease, () => produce(lease, seen));
    }
    if (poll >= maxPolls) throw stillCreating();
    await ctx.sleep(options.pollMs);
  }
}
