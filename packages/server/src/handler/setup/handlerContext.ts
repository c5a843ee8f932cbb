import { DEFAULT_BASE_PATH } from '@quickbi-embed/core';
import type { WorksType } from '@quickbi-embed/core';
import type { QuickBIClient } from '../../client/createQuickBIClient.js';
import type { QuickBILogger } from '../../logger.js';
import { resolveLogger } from '../../logger.js';
import { DEFAULT_MAX_LIVE_PER_SUBJECT } from '../../ledger/ledger.js';
import { createMemoryStore } from '../../store/memoryStore.js';
import type { CredentialStore } from '../../store/types.js';
import type { CopilotPageOptions } from '../copilotIssuer.js';
import type { QuickBIHandlerEvent } from '../events.js';
import type { QuickBIScheme } from '../grant/scheme.js';
import type { AllowedOrigins } from '../http/cors.js';
import { createShellLog } from '../http/shellLog.js';
import type { ShellLog } from '../http/shellLog.js';
import type { IssuerContext } from '../issuerContext.js';
import { resolveLockOptions } from '../leasedLock.js';
import type { LockOptions } from '../leasedLock.js';
import type { Authorize, AuthorizeCopilot } from '../policy.js';
import { createQuotaMeter, resolveQuota } from '../quota.js';
import type { QuotaOptions } from '../quota.js';
import { createDemandFlight, createSingleFlight } from '../singleFlight.js';

export interface QuickBIHandlerOptions {
  client: QuickBIClient;
  /** Required: decides, per request, who the end user is and what they may see. */
  authorize: Authorize;
  /** Default: an in-memory store (one process). Use the Redis store for a fleet. */
  store?: CredentialStore;
  /** Where the handler is mounted. Default `/api/quickbi`. */
  basePath?: string;
  /** Browser origins allowed besides the handler's own (CORS with credentials). */
  allowedOrigins?: AllowedOrigins;
  /**
   * The app sits behind a proxy that sets `Forwarded` or `X-Forwarded-Host` / `-Proto` (and strips
   * them from clients): the handler's own origin is then read from them. Default false: `Host` only.
   */
  trustProxy?: boolean;
  /** Origin of the Quick BI embed pages. Default: the client's region; required for a custom endpoint. */
  reportOrigin?: string;
  /** Default 4096 bytes. */
  maxBodyBytes?: number;
  onEvent?: (event: QuickBIHandlerEvent) => void;
  /**
   * Where warnings and errors go, one line each naming the cause and the fix. Default: `console`
   * (warn and error only); `false` silences the handler.
   */
  logger?: QuickBILogger | false;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** A cached credential is handed out again only while it has more life than this. Default 5 min. */
  reuseMarginMs?: number;
  /** UpdateTicketNum semantics, undocumented by Quick BI (spec §1.3). Default `'setMax'`. */
  updateTicketNumMode?: 'setMax' | 'addRemaining';
  /** Namespace of every store key. Default `qbi:`. */
  keyPrefix?: string;
  /**
   * Upstream calls one `subject` may cause per window, counted in the store (fleet-wide). Over it:
   * 429 QUOTA_EXCEEDED with `Retry-After`, before Quick BI is called. Cache hits cost nothing.
   * Default `{ limit: 30, windowMs: 60_000 }`; `false` disables (not recommended).
   */
  quota?: QuotaOptions | false;
  /**
   * Renewals of one credential within this window (several tabs, several instances) share one
   * extension: one upstream call, one `maxRenewals` step. Default 5000 ms.
   */
  renewWindowMs?: number;
  /**
   * The works' real type, looked up on the server (e.g. from your report catalogue). Wins over
   * the browser's hint; a policy's own `worksType` wins over both. Default: the browser's hint,
   * else `dashboard`.
   */
  worksType?: (worksId: string) => WorksType | undefined | Promise<WorksType | undefined>;
  /** The fleet-wide single-flight lock (lease, heartbeat, waiting). Defaults suit production. */
  lock?: LockOptions;
  /**
   * The organisation's Quick BI embedding scheme. Set once: every policy is checked against it
   * before any upstream call, and one asking for more (a bound user, a watermark, filters, …
   * on `basic`) fails with 500 SCHEME_VIOLATION naming the setting. Default: not checked.
   */
  scheme?: QuickBIScheme;
  /** Grants Smart Q tickets on `/copilot/ticket`; absent, that route refuses (403). */
  authorizeCopilot?: AuthorizeCopilot;
  /** The Smart Q page URL (UNCONFIRMED in Quick BI's docs: see buildCopilotUrl). */
  copilotPage?: CopilotPageOptions;
  /**
   * Live credentials (tickets, tokens, Smart Q tickets) one `subject` may hold at once. A mint past
   * it is refused with 429 QUOTA_EXCEEDED and `Retry-After`, before Quick BI is called. Default 100.
   */
  maxLivePerSubject?: number;
}

/** Everything a request needs, assembled once per handler from its options. */
export interface HandlerContext {
  options: QuickBIHandlerOptions;
  /** The credential issuers' context (store, client, clock, single flights). */
  issuer: IssuerContext;
  /** The issuer context metered by one subject's upstream quota. */
  meterFor(subject: string): IssuerContext;
  basePath: string;
  maxBodyBytes: number;
  trustProxy: boolean;
  renewWindowMs: number;
  log: ShellLog;
  emit(event: QuickBIHandlerEvent): void;
}

/** Checks the options (a wrong one throws at start, naming the setting) and assembles the context. */
export function createHandlerContext(options: QuickBIHandlerOptions): HandlerContext {
  if (typeof options?.authorize !== 'function')
    throw new TypeError(
      'createQuickBIHandler needs an authorize({ request, worksId, worksType, cmptId, kind }) function: ' +
        'it decides who the end user is and what they may see. There is no allow-all default.',
    );
  if (!options.client)
    throw new TypeError('createQuickBIHandler needs a client (createQuickBIClient)');
  const reportOrigin = options.reportOrigin ?? options.client.reportOrigin;
  if (!reportOrigin)
    throw new TypeError(
      'createQuickBIHandler needs reportOrigin: the client uses a custom endpoint, so the Quick BI site serving the embed pages is unknown. ' +
        'Fix: pass reportOrigin (here or to createQuickBIClient, e.g. from QUICKBI_REPORT_ORIGIN): the https origin your Quick BI site serves its pages from',
    );
  const renewWindowMs = options.renewWindowMs ?? 5_000;
  if (!(Number.isFinite(renewWindowMs) && renewWindowMs >= 0 && renewWindowMs <= 60_000))
    throw new TypeError('renewWindowMs must be between 0 and 60000');
  if (options.worksType !== undefined && typeof options.worksType !== 'function')
    throw new TypeError('worksType must be a function (worksId) => WorksType | undefined');
  const quota = resolveQuota(options.quota);
  const log = createShellLog(resolveLogger(options.logger));
  const now = options.now ?? Date.now;
  const emit = (event: QuickBIHandlerEvent) => {
    try {
      options.onEvent?.(event);
    } catch (error) {
      log.warn(`onEvent threw: ${String(error).slice(0, 200)}`, {
        event: 'quickbi.onEvent.failed',
      });
    }
  };
  const issuer: IssuerContext = {
    client: options.client,
    store: options.store ?? createMemoryStore({ now }),
    reportOrigin: new URL(reportOrigin).origin,
    now,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    emit,
    reuseMarginMs: options.reuseMarginMs ?? 5 * 60_000,
    ownershipGraceMs: 24 * 60 * 60_000,
    updateTicketNumMode: options.updateTicketNumMode ?? 'setMax',
    keyPrefix: options.keyPrefix ?? 'qbi:',
    lock: resolveLockOptions(options.lock),
    flight: createSingleFlight(),
    demand: createDemandFlight(),
    maxLivePerSubject: options.maxLivePerSubject ?? DEFAULT_MAX_LIVE_PER_SUBJECT,
  };
  return {
    options,
    issuer,
    meterFor: createQuotaMeter(issuer, quota),
    basePath: (options.basePath ?? DEFAULT_BASE_PATH).replace(/\/+$/, ''),
    maxBodyBytes: options.maxBodyBytes ?? 4096,
    trustProxy: options.trustProxy ?? false,
    renewWindowMs,
    log,
    emit,
  };
}
