import {
  CONTRACT_ROUTES,
  CONTRACT_VERSION,
  CONTRACT_VERSION_HEADER,
  DEFAULT_BASE_PATH,
  ERROR_STATUS,
  isQuickBIEmbedError,
} from '@quickbi-embed/core';
import type { ContractRoute, Credential, EmbedErrorCode, WorksType } from '@quickbi-embed/core';
import type { z } from 'zod';
import type { QuickBIClient } from '../client/createQuickBIClient.js';
import { QuickBIApiError } from '../client/quickbiApiError.js';
import type { QuickBILogger } from '../logger.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { CredentialStore } from '../store/types.js';
import { corsHeaders, isOriginAllowed, preflightHeaders } from './cors.js';
import type { AllowedOrigins } from './cors.js';
import type { QuickBIHandlerEvent } from './events.js';
import { MAX_BODY_BYTES } from './fastPath.js';
import { BASE_PATH } from './mount.js';
import { createNotConfiguredReporter } from './notConfigured.js';
import { fail } from './httpErrors.js';
import type { IssuerContext } from './issuerContext.js';
import { makeGrant } from './issuerContext.js';
import { DEFAULT_MAX_LIVE_PER_SUBJECT, ownedTicketRecord } from '../ledger/ledger.js';
import { errorResponse, jsonResponse } from './jsonResponse.js';
import { resolvePolicy } from './policy.js';
import type { Authorize, AuthorizeCopilot, CredentialKind, ResolvedPolicy } from './policy.js';
import { issueCopilotTicket } from './copilotIssuer.js';
import type { CopilotPageOptions } from './copilotIssuer.js';
import { mergeFilters, parseRequestedFilters } from './filters.js';
import type { RequestedFilter } from './filters.js';
import { checkScheme } from './scheme.js';
import type { QuickBIScheme } from './scheme.js';
import { assertPolicyCovers } from './policyCoverage.js';
import { prefetchSchema } from './prefetch.js';
import type { PrefetchOptions } from './prefetch.js';
import { createQuotaMeter, resolveQuota } from './quota.js';
import type { QuotaOptions } from './quota.js';
import { NON_IDEMPOTENT_ACTIONS, mayHaveSucceeded } from '../client/retry.js';
import { readJsonBody } from './readJsonBody.js';
import {
  copilotTicketSchema,
  describeIssue,
  ticketRefSchema,
  ticketRenewSchema,
  ticketRequestSchema,
  tokenRequestSchema,
} from './requestSchemas.js';
import { resolveLockOptions } from './leasedLock.js';
import type { LockOptions } from './leasedLock.js';
import { revokeSubject } from './revoke.js';
import type { RevokeInput, RevokeResult } from './revoke.js';
import { createDemandFlight, createSingleFlight } from './singleFlight.js';
import { issueTicket } from './ticketIssuer.js';
import { renewTicket, retireTicket, ticketInfo } from './ticketRenewal.js';
import { toHttpError } from './toErrorBody.js';
import { issueToken } from './tokenIssuer.js';

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
  logger?: QuickBILogger;
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

/** What the adapters mount: a Web `Request` in, a `Response` out. */
export type QuickBIHandler = (request: Request) => Promise<Response>;

/** What `createQuickBIHandler` returns: the handler, plus a server-side `prefetch` and `revoke`. */
export interface QuickBIServerHandler extends QuickBIHandler {
  /**
   * Issues a credential for a server render (React Server Components, SSR): runs the same
   * `authorize` with this request (cookies, session), skips the origin/CSRF checks (the call is
   * server-internal, there is no browser request to forge), and reserves exactly one use for the
   * page's first embed. The answer is plain JSON, safe to pass to the browser.
   */
  prefetch(request: Request, options: PrefetchOptions): Promise<Credential>;
  /** Deletes every live credential of `subject` upstream and forgets it (see revoke.ts). */
  revoke(input: RevokeInput): Promise<RevokeResult>;
}

const ROUTE_BY_PATH = new Map<string, ContractRoute>(
  Object.entries(CONTRACT_ROUTES).map(([route, path]) => [path, route as ContractRoute]),
);

/**
 * The one server handler: a Web `Request` in, a `Response` out. Mount it with the adapters
 * (node:http, Express, Next.js) or call it from any fetch-style runtime.
 */
export function createQuickBIHandler(options: QuickBIHandlerOptions): QuickBIServerHandler {
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
      'createQuickBIHandler needs reportOrigin: the client uses a custom endpoint, so the Quick BI site serving the embed pages is unknown',
    );
  const basePath = (options.basePath ?? DEFAULT_BASE_PATH).replace(/\/+$/, '');
  const maxBodyBytes = options.maxBodyBytes ?? 4096;
  const trustProxy = options.trustProxy ?? false;
  const notConfiguredResponse = createNotConfiguredReporter(options.logger);
  const logger = options.logger;
  const now = options.now ?? Date.now;

  const emit = (event: QuickBIHandlerEvent) => {
    try {
      options.onEvent?.(event);
    } catch (error) {
      logger?.warn?.('quickbi.onEvent.failed', { error: String(error) });
    }
  };
  const quota = resolveQuota(options.quota);
  const renewWindowMs = options.renewWindowMs ?? 5_000;
  if (!(Number.isFinite(renewWindowMs) && renewWindowMs >= 0 && renewWindowMs <= 60_000))
    throw new TypeError('renewWindowMs must be between 0 and 60000');
  if (options.worksType !== undefined && typeof options.worksType !== 'function')
    throw new TypeError('worksType must be a function (worksId) => WorksType | undefined');
  const ctx: IssuerContext = {
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
  const meterFor = createQuotaMeter(ctx, quota);

  /** The works type the server trusts: its own lookup, else the browser's hint, else a dashboard. */
  async function serverWorksType(worksId: string, hint: WorksType | undefined): Promise<WorksType> {
    return (await options.worksType?.(worksId)) ?? hint ?? 'dashboard';
  }

  async function authorizeFor(
    request: Request,
    kind: CredentialKind,
    worksId: string,
    worksType: WorksType,
    cmptId: string | undefined,
    filters: readonly RequestedFilter[] = [],
  ): Promise<ResolvedPolicy | null> {
    let policy;
    try {
      policy = await options.authorize({
        request,
        worksId,
        worksType,
        cmptId,
        kind,
        // Only when the browser chose some: apps that never offer filters see the args they knew.
        ...(filters.length > 0 ? { filters } : {}),
      });
    } catch (error) {
      // The app's own typed refusal passes as is (its status is the table's for its code).
      if (isQuickBIEmbedError(error)) {
        const status =
          (ERROR_STATUS as Record<string, number | undefined>)[error.code] ?? error.status;
        if (status >= 400 && status < 500) throw error;
      }
      logger?.info?.('quickbi.authorize.threw', {
        error: error instanceof Error ? error.message : String(error),
      });
      fail('UNAUTHORIZED', 'Not signed in');
    }
    return policy ? resolvePolicy(policy) : null;
  }

  /**
   * Authorizes one credential request and checks the policy covers it: the policy decides the
   * works type (its own, else the server's), and the credential kind and component must be ones it
   * allows and can enforce. Returns the request's issuer context, metered by the subject's quota.
   */
  async function grantFor(
    request: Request,
    kind: CredentialKind,
    worksId: string,
    hint: WorksType | undefined,
    cmptId: string | undefined,
    filters: readonly RequestedFilter[] = [],
  ) {
    const lookedUp = await serverWorksType(worksId, hint);
    const authorized = await authorizeFor(request, kind, worksId, lookedUp, cmptId, filters);
    if (!authorized) fail('FORBIDDEN', 'Not allowed to view this report');
    const policy = narrowed(authorized, kind, filters);
    const worksType = policy.worksType ?? lookedUp;
    assertPolicyCovers(policy, kind, worksType, cmptId);
    if (options.scheme) checkScheme(options.scheme, policy, { worksType, cmptId });
    const metered = meterFor(policy.subject);
    return {
      ctx: metered,
      grant: await makeGrant(metered, kind, worksId, worksType, cmptId, policy, filters),
    };
  }

  /**
   * The policy with the browser's chosen filters ANDed to its own GlobalParam (tickets only: a
   * token carries none). Refused (403 FILTER_NOT_ALLOWED) unless the policy offers each one.
   */
  function narrowed(
    policy: ResolvedPolicy,
    kind: CredentialKind,
    filters: readonly RequestedFilter[],
  ): ResolvedPolicy {
    if (filters.length === 0) return policy;
    if (kind !== 'ticket') fail('FILTER_NOT_ALLOWED', 'Only tickets carry filters');
    const globalParam = mergeFilters(policy.globalParam, policy.filters, filters);
    return { ...policy, globalParam };
  }

  function parse<T>(schema: z.ZodType<T>, body: unknown): T {
    const result = schema.safeParse(body);
    if (!result.success) fail('BAD_REQUEST', describeIssue(result.error));
    return result.data;
  }

  /**
   * The ticket's owner record and the caller's current policy for it. A caller who is not the owner
   * learns nothing (same answer as an unknown ticket). When the owner's own policy no longer grants
   * the ticket (its kind, component or works type is no longer allowed), a renewal deletes it
   * upstream and forgets it, so it cannot be renewed again. A bare refusal (`null`) names nobody:
   * it could come from any signed-in user holding the ticket string, so it is answered 403 without
   * touching the owner's ticket; the app revokes a user's tickets itself when they lose access.
   */
  async function ownedTicket(
    request: Request,
    ticket: string,
    renewing: boolean,
    requested?: readonly RequestedFilter[],
  ) {
    const owner = await ownedTicketRecord(ctx, ticket);
    // Same answer for unknown and foreign tickets: a caller learns nothing about other users' tickets.
    if (!owner) fail('TICKET_NOT_OWNED', 'This ticket was not issued to you by this server');
    // The ticket's own filters unless the client still sends them.
    const filters = requested ?? owner.filters ?? [];
    const authorized = await authorizeFor(
      request,
      'ticket',
      owner.worksId,
      owner.worksType,
      owner.cmptId,
      filters,
    );
    if (!authorized) fail('FORBIDDEN', 'Not allowed to view this report');
    const policy = narrowed(authorized, 'ticket', filters);
    if (policy.subject !== owner.subject)
      fail('TICKET_NOT_OWNED', 'This ticket was not issued to you by this server');
    try {
      assertPolicyCovers(policy, 'ticket', policy.worksType ?? owner.worksType, owner.cmptId);
      if (policy.worksType && policy.worksType !== owner.worksType)
        fail('FORBIDDEN', 'This report is no longer granted as it was issued');
    } catch (refusal) {
      if (renewing) await retireTicket(ctx, owner, 'refused');
      throw refusal;
    }
    return { owner, policy, filters, ctx: meterFor(policy.subject) };
  }

  /** Every credential says which Quick BI origin it embeds from (the browser checks `reportUrl`). */
  const withOrigin = <T extends object>(credential: T): T & { reportOrigin: string } => ({
    ...credential,
    reportOrigin: ctx.reportOrigin,
  });

  async function issue(
    request: Request,
    kind: CredentialKind,
    worksId: string,
    hint: WorksType | undefined,
    cmptId: string | undefined,
    uses: number | undefined,
    renew = false,
    filters: readonly RequestedFilter[] = [],
  ): Promise<Credential> {
    const { ctx: metered, grant } = await grantFor(request, kind, worksId, hint, cmptId, filters);
    return withOrigin(
      kind === 'token'
        ? await issueToken(metered, grant, renew, renewWindowMs)
        : await issueTicket(metered, grant, uses),
    );
  }

  async function route(name: ContractRoute, request: Request, body: unknown): Promise<unknown> {
    switch (name) {
      case 'token': {
        const input = parse(tokenRequestSchema, body);
        return issue(
          request,
          'token',
          input.worksId,
          input.worksType,
          undefined,
          undefined,
          input.renew === true,
        );
      }
      case 'ticket': {
        const input = parse(ticketRequestSchema, body);
        return issue(
          request,
          'ticket',
          input.worksId,
          input.worksType,
          input.cmptId,
          input.uses,
          false,
          parseRequestedFilters(input.filters),
        );
      }
      case 'ticketRenew': {
        const { ticket, uses, filters } = parse(ticketRenewSchema, body);
        const {
          owner,
          policy,
          filters: chosen,
          ctx: metered,
        } = await ownedTicket(
          request,
          ticket,
          true,
          filters === undefined ? undefined : parseRequestedFilters(filters),
        );
        const grant = await makeGrant(
          metered,
          'ticket',
          owner.worksId,
          owner.worksType,
          owner.cmptId,
          policy,
          chosen,
        );
        return withOrigin(await renewTicket(metered, grant, ticket, owner, uses, renewWindowMs));
      }
      case 'ticketInfo': {
        const { ticket } = parse(ticketRefSchema, body);
        const { owner, ctx: metered } = await ownedTicket(request, ticket, false);
        return ticketInfo(metered, ticket, owner);
      }
      case 'copilotTicket': {
        const { copilotId } = parse(copilotTicketSchema, body);
        return issueCopilot(request, copilotId);
      }
    }
  }

  /** A Smart Q ticket: its own hook, the policy must name `copilot`, then the scheme's user rule. */
  async function issueCopilot(request: Request, copilotId: string) {
    if (!options.authorizeCopilot)
      fail('CREDENTIAL_KIND_REFUSED', 'Smart Q is not enabled on this server');
    let given;
    try {
      given = await options.authorizeCopilot({ request, copilotId });
    } catch (error) {
      if (isQuickBIEmbedError(error) && error.status >= 400 && error.status < 500) throw error;
      fail('UNAUTHORIZED', 'Not signed in');
    }
    if (!given) fail('FORBIDDEN', 'Not allowed to use this Smart Q module');
    const policy = resolvePolicy(given);
    // Smart Q binds a user like a report ticket; the basic scheme binds only the owner.
    if (options.scheme) checkScheme(options.scheme, policy, { worksType: 'dashboard' });
    return issueCopilotTicket(meterFor(policy.subject), copilotId, policy, options.copilotPage);
  }

  const handleQuickBI = async function handleQuickBI(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const origin = request.headers.get('origin');
    let allowed = origin === null;
    let cors: Record<string, string> = {};
    const path = url.pathname.startsWith(basePath + '/')
      ? url.pathname.slice(basePath.length)
      : null;
    const name = path === null ? undefined : ROUTE_BY_PATH.get(path.replace(/\/+$/, ''));
    const refuse = (
      code: EmbedErrorCode,
      message: string,
      headers: Record<string, string> = {},
    ) => {
      const status = ERROR_STATUS[code];
      emit({ type: 'request.refused', route: name ?? url.pathname, status, code, message });
      return errorResponse(status, { code, message }, { ...cors, ...headers });
    };
    try {
      if (origin !== null) {
        allowed = isOriginAllowed(origin, request, options.allowedOrigins, trustProxy);
        cors = allowed ? corsHeaders(origin) : {};
      }
      if (!name) return refuse('NOT_FOUND', 'No such Quick BI embed route');
      if (!allowed) return refuse('FORBIDDEN_ORIGIN', 'This origin may not call the embed server');
      if (request.method === 'OPTIONS') {
        if (!origin) return refuse('BAD_REQUEST', 'A preflight needs an Origin');
        return new Response(null, {
          status: 204,
          headers: {
            ...preflightHeaders(origin, request.headers.get('access-control-request-headers')),
            vary: 'Origin',
          },
        });
      }
      if (request.method !== 'POST')
        return refuse('METHOD_NOT_ALLOWED', 'Use POST', { allow: 'POST, OPTIONS' });
      const contract = request.headers.get(CONTRACT_VERSION_HEADER);
      if (contract !== null && contract !== String(CONTRACT_VERSION))
        return refuse(
          'BAD_REQUEST',
          `Unsupported contract version ${JSON.stringify(contract.slice(0, 10))}; this server speaks ${CONTRACT_VERSION}`,
        );
      const body = await readJsonBody(request, maxBodyBytes);
      return jsonResponse(200, await route(name, request, body), cors);
    } catch (error) {
      const unconfigured = notConfiguredResponse(error, cors);
      if (unconfigured) return unconfigured;
      const mapped = toHttpError(error);
      if (error instanceof QuickBIApiError) {
        emit({
          type: 'upstream.error',
          action: error.action,
          status: error.status,
          code: error.code,
          ...(error.requestId ? { requestId: error.requestId } : {}),
          ...(NON_IDEMPOTENT_ACTIONS.has(error.action) && mayHaveSucceeded(error.code)
            ? { notRetried: 'create-may-have-succeeded' as const }
            : {}),
        });
        logger?.warn?.('quickbi.upstream.error', {
          action: error.action,
          code: error.code,
          status: error.status,
          requestId: error.requestId,
          message: error.message,
        });
      } else if (mapped.status >= 500) {
        logger?.error?.('quickbi.handler.error', {
          route: name,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
      }
      if (!(error instanceof QuickBIApiError) && mapped.status < 500)
        emit({
          type: 'request.refused',
          route: name ?? url.pathname,
          status: mapped.status,
          code: mapped.error.code,
          message: mapped.error.message,
        });
      return errorResponse(mapped.status, mapped.error, { ...cors, ...mapped.headers });
    }
  };
  /** Server-side issue for a render: same policy, no browser checks, one use reserved. */
  async function prefetch(request: Request, given: PrefetchOptions): Promise<Credential> {
    const input = parse(prefetchSchema, given);
    return issue(
      request,
      input.kind ?? 'ticket',
      input.worksId,
      input.worksType,
      input.cmptId,
      input.kind === 'token' ? undefined : 1,
      false,
      parseRequestedFilters(input.filters),
    );
  }
  // Lets our node:http adapter buffer the body itself, never past this limit.
  return Object.assign(handleQuickBI, {
    prefetch,
    [MAX_BODY_BYTES]: maxBodyBytes,
    revoke: (input: RevokeInput) => revokeSubject(ctx, input),
    [BASE_PATH]: basePath,
  });
}
