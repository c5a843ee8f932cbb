/**
 * The HTTP contract between the browser (packages/react, through a client adapter) and the
 * server adapter (packages/server). JSON in, JSON out. Shared by both sides so they cannot drift.
 *
 * The browser sends only what identifies a report. Everything that grants access (user,
 * global parameters, watermark, expiry, ticket budget) is decided on the server.
 */
import {
  COPILOT_TICKET_PATH,
  TICKET_INFO_PATH,
  TICKET_PATH,
  TICKET_RENEW_PATH,
  TOKEN_PATH,
} from './contractPaths.js';
import type { GlobalParam } from './globalParam.js';
import type { WorksType } from './worksType.js';

/** Bumped on any breaking change to the shapes below. Sent as the `x-quickbi-embed-contract` header. */
export const CONTRACT_VERSION = 1;
export const CONTRACT_VERSION_HEADER = 'x-quickbi-embed-contract';

/** Default mount point of the server handler. */
export const DEFAULT_BASE_PATH = '/api/quickbi';

/** Paths below the base path. */
export const CONTRACT_ROUTES = {
  token: TOKEN_PATH,
  ticket: TICKET_PATH,
  ticketRenew: TICKET_RENEW_PATH,
  ticketInfo: TICKET_INFO_PATH,
  copilotTicket: COPILOT_TICKET_PATH,
} as const;

export type ContractRoute = keyof typeof CONTRACT_ROUTES;

// ---- requests ---------------------------------------------------------------------------

/** `POST {basePath}/token`: a CreateEmbedToken credential for one report. */
export interface TokenRequest {
  worksId: string;
  worksType?: WorksType;
  /**
   * The caller's token is about to expire: the server extends it upstream (CreateEmbedToken again)
   * instead of answering from its cache. Renewals from several tabs within a few seconds share one.
   */
  renew?: boolean;
}

/**
 * A filter the host app asks for: keep only these values of one global parameter. The server
 * accepts it only when the policy offers that parameter and the values, so it can only narrow
 * what the user sees (403 FILTER_NOT_ALLOWED otherwise).
 */
export interface ContractFilter {
  paramKey: string;
  values: string[];
}

/** `POST {basePath}/ticket`: a CreateTicket credential for one report (or one dashboard component). */
export interface TicketRequest {
  worksId: string;
  worksType?: WorksType;
  cmptId?: string;
  /**
   * How many page loads the caller wants to reserve (1..99999, default 1): one per embed about to
   * load. The answer's `reservedUses` says how many it got.
   */
  uses?: number;
  /** Host-chosen filters (see ContractFilter); each distinct choice is its own ticket. */
  filters?: ContractFilter[];
}

/** `POST {basePath}/ticket/renew`: extend a ticket this server issued to this same end user. */
export interface TicketRenewRequest {
  ticket: string;
  /**
   * Page loads to reserve on this ticket after extending it (0..99999, default 0): what the
   * caller still needs once its own share is spent. A top-up, when the policy allows one, comes first.
   */
  uses?: number;
  /** The filters the ticket was issued with: without them the renewal is for the unfiltered grant. */
  filters?: ContractFilter[];
}

/** `POST {basePath}/copilot/ticket`: a CreateTicket4Copilot credential for one Smart Q module. */
export interface CopilotTicketRequest {
  copilotId: string;
}

/** `POST {basePath}/ticket/info`: QueryTicketInfo for a ticket this server issued to this same end user. */
export interface TicketInfoRequest {
  ticket: string;
}

// ---- responses --------------------------------------------------------------------------

interface CredentialBase {
  worksId: string;
  worksType: WorksType;
  /** The full iframe URL for the site and works type. */
  reportUrl: string;
  /**
   * The Quick BI origin this server embeds from (`https://bi.aliyun.com`, or the emulator's). The
   * browser loads `reportUrl` only when it is on this origin (and https, outside loopback).
   * Absent from servers older than this field: the browser then checks against its own setting.
   */
  reportOrigin?: string;
  /**
   * When the credential stops working, epoch ms, on the server's clock. The earlier of
   * (server call time + requested minutes) and Quick BI's `InvalidTime` read in the configured zone.
   */
  expiresAt: number;
  /** The server's clock when it answered, epoch ms: lets the browser correct its own clock's skew. */
  serverNow: number;
  /** Quick BI's `InvalidTime` as it was returned (`yyyy-MM-dd HH:mm:ss`, zone undocumented), if any. */
  invalidTime?: string;
}

export interface EmbedTokenCredential extends CredentialBase {
  kind: 'token';
  accessToken: string;
}

export interface TicketCredential extends CredentialBase {
  kind: 'ticket';
  ticket: string;
  cmptId?: string;
  /** The ticket's use budget (Quick BI `MaxTicketNum` / `TicketNum`). Every page load consumes one. */
  maxUses: number;
  /** Uses consumed or handed out before this answer, as last known to the server. */
  usedUses: number;
  /**
   * Page loads this answer grants its caller: `min(requested, what is left)`. Uses are shared by
   * every caller of the same ticket, so a caller loads it only as many times as it was granted.
   * Absent from servers older than this field: count 1 for `/ticket`, 0 for `/ticket/renew`.
   */
  reservedUses?: number;
  /** Watermark text, or null when the policy sets none. */
  watermark: string | null;
  /** Global parameters bound into the ticket, structured, or null. */
  globalParam: GlobalParam | null;
}

export type Credential = EmbedTokenCredential | TicketCredential;

/** Answer of `/copilot/ticket`: a Smart Q (智能小Q) ticket and its page URL. Not renewable: ask again. */
export interface CopilotCredential {
  kind: 'copilot';
  copilotId: string;
  ticket: string;
  /** The Smart Q page URL (its path is UNCONFIRMED: see buildCopilotUrl). */
  reportUrl: string;
  reportOrigin?: string;
  maxUses: number;
  expiresAt: number;
  serverNow: number;
}

/** Answer of `/ticket/info`: Quick BI's QueryTicketInfo, camelCased, times as epoch ms. */
export interface TicketInfo {
  ticket: string;
  worksId: string;
  cmptId?: string;
  userId?: string;
  organizationId?: string;
  maxUses: number;
  usedUses: number;
  /** `RegisterTime` as epoch ms (zone as configured on the server). */
  registeredAt?: number;
  expiresAt: number;
  invalidTime?: string;
  watermark: string | null;
  globalParam: GlobalParam | null;
  serverNow: number;
}

// ---- errors -----------------------------------------------------------------------------

/**
 * Our own error codes. Quick BI's codes (e.g. `Authorize3rdTicket.Expired`, `Throttling`) pass
 * through unchanged as `code` where they explain the failure.
 */
export type EmbedErrorCode =
  | 'BAD_REQUEST'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'METHOD_NOT_ALLOWED'
  | 'NOT_FOUND'
  | 'FORBIDDEN_ORIGIN'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'TICKET_NOT_OWNED'
  | 'TICKET_EXHAUSTED'
  | 'UPSTREAM_ERROR'
  | 'UPSTREAM_THROTTLED'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_UNAVAILABLE'
  | 'NETWORK_ERROR'
  | 'INTERNAL'
  /** The credential store (e.g. Redis) cannot be reached; the server fails closed. */
  | 'STORE_UNAVAILABLE'
  /** The route's credential kind cannot carry what the policy demands (a token has no row filter or watermark). */
  | 'CREDENTIAL_KIND_REFUSED'
  /** The browser asked for a dashboard component (`cmptId`) the policy does not allow. */
  | 'COMPONENT_NOT_ALLOWED'
  /** The browser asked for a filter the policy does not let it choose, or one that would widen access. */
  | 'FILTER_NOT_ALLOWED'
  /** This end user made too many upstream calls in the window; see `Retry-After`. */
  | 'QUOTA_EXCEEDED'
  /** The request's `Host` (or forwarded host) is malformed. */
  | 'BAD_HOST'
  /** The server is missing a setting (named in the message, never its value), e.g. the AccessKey. */
  | 'NOT_CONFIGURED'
  /** The policy asks for more than the organisation's Quick BI embedding scheme allows. */
  | 'SCHEME_VIOLATION'
  /** Browser only: the server's `reportUrl` is not on the announced Quick BI origin; it never loads. */
  | 'REPORT_ORIGIN_REJECTED';

export interface ErrorBody {
  error: {
    code: EmbedErrorCode | (string & {});
    message: string;
    /** Quick BI's RequestId when an upstream call was involved. */
    requestId?: string;
  };
}
