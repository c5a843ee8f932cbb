import {
  CONTRACT_ROUTES,
  CONTRACT_VERSION,
  CONTRACT_VERSION_HEADER,
  DEFAULT_BASE_PATH,
  isQuickBIEmbedError,
} from '@quickbi-embed/core';
import type { ContractRoute, WorksType } from '@quickbi-embed/core';
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
import type { IssuerContext, TicketOwnership } from './issuerContext.js';
import { keys, makeGrant } from './issuerContext.js';
import { errorResponse, jsonResponse } from './jsonResponse.js';
import { resolvePolicy } from './policy.js';
import type { Authorize, ResolvedPolicy } from './policy.js';
import { readJsonBody } from './readJsonBody.js';
import {
  describeIssue,
  ticketRefSchema,
  ticketRenewSchema,
  ticketRequestSchema,
  tokenRequestSchema,
} from './requestSchemas.js';
import { createSingleFlight } from './singleFlight.js';
import { issueTicket } from './ticketIssuer.js';
import { renewTicket, ticketInfo } from './ticketRenewal.js';
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
}

export type QuickBIHandler = (request: Request) => Promise<Response>;

const ROUTE_BY_PATH = new Map<string, ContractRoute>(
  Object.entries(CONTRACT_ROUTES).map(([route, path]) => [path, route as ContractRoute]),
);

/**
 * The one server handler: a Web `Request` in, a `Response` out. Mount it with the adapters
 * (node:http, Express, Next.js) or call it from any fetch-style runtime.
 */
export function createQuickBIHandler(options: QuickBIHandlerOptions): QuickBIHandler {
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
    lockTtlMs: 15_000,
    lockPollMs: 50,
    lockMaxPolls: 200,
    flight: createSingleFlight(),
  };

  async function authorizeFor(
    request: Request,
    kind: 'token' | 'ticket',
    worksId: string,
    worksType: WorksType,
    cmptId: string | undefined,
  ): Promise<ResolvedPolicy> {
    let policy;
    try {
      policy = await options.authorize({ request, worksId, worksType, cmptId, kind });
    } catch (error) {
      if (isQuickBIEmbedError(error) && error.status >= 400 && error.status < 500) throw error;
      logger?.info?.('quickbi.authorize.threw', {
        error: error instanceof Error ? error.message : String(error),
      });
      fail('UNAUTHORIZED', 'Not signed in');
    }
    if (!policy) fail('FORBIDDEN', 'Not allowed to view this report');
    return resolvePolicy(policy);
  }

  function parse<T>(schema: z.ZodType<T>, body: unknown): T {
    const result = schema.safeParse(body);
    if (!result.success) fail('BAD_REQUEST', describeIssue(result.error));
    return result.data;
  }

  async function ownedTicket(request: Request, ticket: string) {
    const owner = await ctx.store.get<TicketOwnership>(keys.owner(ctx, ticket));
    // Same answer for unknown and foreign tickets: a caller learns nothing about other users' tickets.
    if (!owner) fail('TICKET_NOT_OWNED', 'This ticket was not issued to you by this server');
    const policy = await authorizeFor(
      request,
      'ticket',
      owner.worksId,
      owner.worksType,
      owner.cmptId,
    );
    if (policy.subject !== owner.subject)
      fail('TICKET_NOT_OWNED', 'This ticket was not issued to you by this server');
    return { owner, policy };
  }

  async function route(name: ContractRoute, request: Request, body: unknown): Promise<unknown> {
    switch (name) {
      case 'token': {
        const input = parse(tokenRequestSchema, body);
        const worksType = input.worksType ?? 'dashboard';
        const policy = await authorizeFor(request, 'token', input.worksId, worksType, undefined);
        return issueToken(
          ctx,
          await makeGrant(ctx, 'token', input.worksId, worksType, undefined, policy),
        );
      }
      case 'ticket': {
        const input = parse(ticketRequestSchema, body);
        const worksType = input.worksType ?? 'dashboard';
        const policy = await authorizeFor(
          request,
          'ticket',
          input.worksId,
          worksType,
          input.cmptId,
        );
        return issueTicket(
          ctx,
          await makeGrant(ctx, 'ticket', input.worksId, worksType, input.cmptId, policy),
          input.uses,
        );
      }
      case 'ticketRenew': {
        const { ticket, uses } = parse(ticketRenewSchema, body);
        const { owner, policy } = await ownedTicket(request, ticket);
        const grant = await makeGrant(
          ctx,
          'ticket',
          owner.worksId,
          owner.worksType,
          owner.cmptId,
          policy,
        );
        return renewTicket(ctx, grant, ticket, owner, uses);
      }
      case 'ticketInfo': {
        const { ticket } = parse(ticketRefSchema, body);
        const { owner } = await ownedTicket(request, ticket);
        return ticketInfo(ctx, ticket, owner);
      }
    }
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
      status: number,
      code: string,
      message: string,
      headers: Record<string, string> = {},
    ) => {
      emit({ type: 'request.refused', route: name ?? url.pathname, status, code, message });
      return errorResponse(status, { code, message }, { ...cors, ...headers });
    };
    try {
      if (origin !== null) {
        allowed = isOriginAllowed(origin, request, options.allowedOrigins, trustProxy);
        cors = allowed ? corsHeaders(origin) : {};
      }
      if (!name) return refuse(404, 'NOT_FOUND', 'No such Quick BI embed route');
      if (!allowed)
        return refuse(403, 'FORBIDDEN_ORIGIN', 'This origin may not call the embed server');
      if (request.method === 'OPTIONS') {
        if (!origin) return refuse(400, 'BAD_REQUEST', 'A preflight needs an Origin');
        return new Response(null, {
          status: 204,
          headers: {
            ...preflightHeaders(origin, request.headers.get('access-control-request-headers')),
            vary: 'Origin',
          },
        });
      }
      if (request.method !== 'POST')
        return refuse(405, 'METHOD_NOT_ALLOWED', 'Use POST', { allow: 'POST, OPTIONS' });
      const contract = request.headers.get(CONTRACT_VERSION_HEADER);
      if (contract !== null && contract !== String(CONTRACT_VERSION))
        return refuse(
          400,
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
  // Lets our node:http adapter buffer the body itself, never past this limit.
  return Object.assign(handleQuickBI, { [MAX_BODY_BYTES]: maxBodyBytes, [BASE_PATH]: basePath });
}
