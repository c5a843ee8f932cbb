import { WORKS_TYPES } from '@quickbi-embed/core';
import type { GlobalParam, WorksType } from '@quickbi-embed/core';
import { z } from 'zod';
import type { ChoosableFilters, RequestedFilter } from './filters.js';

/** The two Quick BI embed credentials: CreateTicket (ticket) and CreateEmbedToken (token). */
export type CredentialKind = 'token' | 'ticket';

/** What a policy's `kinds` may name: the report credentials, and `copilot` (CreateTicket4Copilot). */
export type PolicyKind = CredentialKind | 'copilot';

/** What the browser asked for, handed to the app's `authorize` hook. */
export interface AuthorizeArgs {
  /** The incoming request: read the app's session (cookies, headers) from it. */
  request: Request;
  worksId: string;
  /** The handler's `worksType` lookup, else the browser's hint, else `dashboard`. The policy may override it. */
  worksType: WorksType;
  cmptId: string | undefined;
  kind: CredentialKind;
  /** Filters the browser asked for (tickets only); the policy's `filters` decides which may apply. */
  filters?: readonly RequestedFilter[];
}

/** What the browser asked for on `/copilot/ticket`, handed to the app's `authorizeCopilot` hook. */
export interface CopilotAuthorizeArgs {
  request: Request;
  /** The Smart Q module (`CopilotId`). */
  copilotId: string;
}

/** Grants a Smart Q ticket: the policy must name `copilot` in `kinds`. */
export type AuthorizeCopilot = (
  args: CopilotAuthorizeArgs,
) => QuickBIPolicy | null | Promise<QuickBIPolicy | null>;

/**
 * What the app grants. Everything here is decided on the server; the browser can set none of it.
 */
export interface QuickBIPolicy {
  /**
   * Required: the app's own end-user id. Who owns the credential (renew/info are refused to anyone
   * else), part of the cache key, and the unit of the upstream quota. There is no default: a shared
   * fallback would let users read and renew each other's tickets.
   */
  subject: string;
  /**
   * Credential kinds this user may get for this report. Default `['ticket']`: a token carries no
   * row filter, no watermark and no use budget, so it must be allowed explicitly, and is refused
   * anyway (403 CREDENTIAL_KIND_REFUSED) while the policy sets `globalParam` or `watermark`.
   */
  kinds?: readonly PolicyKind[];
  /**
   * Global parameters the browser may filter on, per `paramKey`, and the values it may pick. A
   * chosen filter is ANDed to `globalParam` (it can only narrow); anything else is refused (403
   * FILTER_NOT_ALLOWED). Default none: the browser can choose no filter.
   */
  filters?: ChoosableFilters;
  /**
   * Dashboard components (`cmptId`) this user may embed on their own. Default none: only the whole
   * report. A `cmptId` outside the list is refused (403 COMPONENT_NOT_ALLOWED).
   */
  cmptIds?: readonly string[];
  /**
   * The works' real type, when the app knows it: it wins over the browser's hint and the
   * credential's `reportUrl` follows it.
   */
  worksType?: WorksType;
  /** Quick BI UserId the credential is bound to. Neither this nor an account: the report owner. */
  userId?: string;
  /** Deprecated Quick BI account name (`main` or `main:sub`); needs `accountType`. */
  accountName?: string;
  accountType?: 1 | 3 | 4 | 5 | 6 | 9 | 10;
  /** Row filters bound into a ticket (tickets only). */
  globalParam?: GlobalParam;
  /** Watermark text, at most 50 characters (tickets only). */
  watermark?: string;
  /** Validity in minutes, 1..240. Default 60. */
  expireMinutes?: number;
  /** Ticket use budget, 1..99999 (each page load consumes one). Default 1, as Quick BI's. */
  ticketUses?: number;
  renew?: {
    /** How many times one ticket may be extended. Default 24. */
    maxRenewals?: number;
    /** When fewer uses than this remain at renewal, top the ticket up to this many (UpdateTicketNum). Default 0: never. */
    topUpUses?: number;
  };
}

export type Authorize = (
  args: AuthorizeArgs,
) => QuickBIPolicy | null | Promise<QuickBIPolicy | null>;

export interface ResolvedPolicy {
  subject: string;
  kinds: readonly PolicyKind[];
  filters: ChoosableFilters | undefined;
  cmptIds: readonly string[];
  worksType: WorksType | undefined;
  userId: string | undefined;
  accountName: string | undefined;
  accountType: number | undefined;
  globalParam: GlobalParam | undefined;
  watermark: string | undefined;
  expireMinutes: number;
  ticketUses: number;
  maxRenewals: number;
  topUpUses: number;
}

export const DEFAULT_EXPIRE_MINUTES = 60;
export const DEFAULT_MAX_RENEWALS = 24;

const condition = z
  .object({
    operate: z.string().min(1).max(32),
    value: z.union([z.string().max(4096), z.array(z.string().max(4096)).max(1000)]),
  })
  .strict();

const globalParamSchema = z
  .array(
    z
      .object({
        paramKey: z.string().regex(/^[A-Za-z0-9_]{1,50}$/, 'paramKey: letters, digits, _ (≤ 50)'),
        joinType: z.literal('and').optional(),
        conditionList: z.array(condition).min(1).max(100),
      })
      .strict(),
  )
  .max(100);

const policySchema = z
  .object({
    subject: z.string().min(1).max(256),
    kinds: z
      .array(z.enum(['token', 'ticket', 'copilot']))
      .min(1)
      .max(3)
      .optional(),
    filters: z
      .record(
        z.string().regex(/^[A-Za-z0-9_]{1,50}$/),
        z
          .object({
            values: z.array(z.string().min(1).max(256)).max(1000).optional(),
            maxValues: z.number().int().min(1).max(1000).optional(),
          })
          .strict(),
      )
      .optional(),
    cmptIds: z
      .array(
        z
          .string()
          .min(1)
          .max(128)
          .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/),
      )
      .max(1000)
      .optional(),
    worksType: z.enum(WORKS_TYPES).optional(),
    userId: z.string().min(1).max(128).optional(),
    accountName: z.string().min(1).max(128).optional(),
    accountType: z.literal([1, 3, 4, 5, 6, 9, 10]).optional(),
    globalParam: globalParamSchema.optional(),
    watermark: z.string().max(50).optional(),
    expireMinutes: z.number().int().min(1).max(240).optional(),
    ticketUses: z.number().int().min(1).max(99_999).optional(),
    renew: z
      .object({
        maxRenewals: z.number().int().min(0).max(100_000).optional(),
        topUpUses: z.number().int().min(0).max(99_998).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((p) => !(p.userId && p.accountName), 'give userId or accountName, not both')
  .refine(
    (p) => (p.accountName === undefined) === (p.accountType === undefined),
    'accountName and accountType go together',
  );

/** Checks the app's policy; a bad one is the server's bug, reported as such (never to the browser). */
export function resolvePolicy(policy: QuickBIPolicy): ResolvedPolicy {
  const parsed = policySchema.safeParse(policy);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.path[0] === 'subject' && (policy as { subject?: unknown })?.subject === undefined)
      throw new TypeError(
        'authorize returned a policy without subject: name the end user (your own user id); ' +
          'there is no shared default owner',
      );
    throw new TypeError(
      `authorize returned an invalid policy: ${issue?.path.join('.') || '(policy)'}: ${issue?.message}`,
    );
  }
  const p = parsed.data;
  return {
    subject: p.subject,
    kinds: p.kinds ?? ['ticket'],
    filters: p.filters,
    cmptIds: p.cmptIds ?? [],
    worksType: p.worksType,
    userId: p.userId,
    accountName: p.accountName,
    accountType: p.accountType,
    globalParam: p.globalParam?.map((item) => ({ ...item, joinType: 'and' as const })),
    watermark: p.watermark,
    expireMinutes: p.expireMinutes ?? DEFAULT_EXPIRE_MINUTES,
    ticketUses: p.ticketUses ?? 1,
    maxRenewals: p.renew?.maxRenewals ?? DEFAULT_MAX_RENEWALS,
    topUpUses: p.renew?.topUpUses ?? 0,
  };
}

/** The fields that reach Quick BI for a credential kind: same grant, same hash, same cache entry. */
export function grantOf(policy: ResolvedPolicy, kind: 'token' | 'ticket'): unknown[] {
  const identity = [policy.userId ?? null, policy.accountName ?? null, policy.accountType ?? null];
  if (kind === 'token') return [...identity, policy.expireMinutes];
  return [
    ...identity,
    policy.expireMinutes,
    policy.ticketUses,
    policy.watermark ?? null,
    policy.globalParam ?? null,
  ];
}
