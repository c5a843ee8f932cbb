import { WORKS_TYPES } from '@quickbi-embed/core';
import type { GlobalParam, WorksType } from '@quickbi-embed/core';
import { z } from 'zod';
import type { ChoosableFilters, RequestedFilter } from './grant/filters.js';
import { remember } from './memo.js';

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

/**
 * Bounds on a policy's row filters. Quick BI documents none for GlobalParam, so these are ours, sane
 * bounds only: a regional manager's `in` list of thousands of stores must pass (the client sends
 * long parameters in a form body), and a runaway policy must fail at the policy, named, before any
 * upstream call. Each value at most 4,096 characters, at most 20,000 values per condition.
 */
export const GLOBAL_PARAM_BOUNDS = { valueChars: 4096, valuesPerCondition: 20_000 } as const;
const VALUE_LIMIT = `at most ${GLOBAL_PARAM_BOUNDS.valueChars} characters per value (our bound; Quick BI documents none)`;
const VALUES_LIMIT = `at most ${GLOBAL_PARAM_BOUNDS.valuesPerCondition} values per condition (our bound; Quick BI documents none)`;

const condition = z
  .object({
    operate: z.string().min(1).max(32),
    // One refinement, not bounds inside the union: a union's failure reads "Invalid input".
    value: z.union([z.string(), z.array(z.string())]).superRefine((value, issues) => {
      if (Array.isArray(value) && value.length > GLOBAL_PARAM_BOUNDS.valuesPerCondition)
        issues.addIssue({ code: 'custom', message: `${VALUES_LIMIT} (got ${value.length})` });
      else if ([value].flat().some((v) => v.length > GLOBAL_PARAM_BOUNDS.valueChars))
        issues.addIssue({ code: 'custom', message: VALUE_LIMIT });
    }),
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

const WATERMARK_LIMIT = "at most 50 characters (Quick BI's limit for a ticket's watermark)";

const policyObject = z
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
    watermark: z.string().max(50, WATERMARK_LIMIT).optional(),
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
  .strict();

const policySchema = policyObject
  .refine((p) => !(p.userId && p.accountName), 'give userId or accountName, not both')
  .refine(
    (p) => (p.accountName === undefined) === (p.accountType === undefined),
    'accountName and accountType go together',
  );

const POLICY_FIELDS = Object.keys(policyObject.shape);
const RENEW_FIELDS = ['maxRenewals', 'topUpUses'];

/** Edit distance, for a typo's "did you mean". */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        (row[j] ?? 0) + 1,
        (next[j - 1] ?? 0) + 1,
        (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    row = next;
  }
  return row[b.length] ?? 0;
}

/** The field a typo meant, when one is close. */
function closest(name: string, known: readonly string[]): string | undefined {
  const best = known
    .map((field) => ({ field, d: distance(name.toLowerCase(), field.toLowerCase()) }))
    .sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(2, Math.floor(name.length / 3)) ? best.field : undefined;
}

/** Where in the policy an issue is, and the known fields of that object, for a typo. */
function describePolicyIssue(issue: z.core.$ZodIssue, policy: unknown): string {
  const where = issue.path.join('.') || '(policy)';
  if (issue.code === 'too_big' && issue.origin === 'string') {
    // The length, never the value (a watermark may be an e-mail address).
    const value = issue.path.reduce<unknown>(
      (at, key) => (at as Record<PropertyKey, unknown> | undefined)?.[key],
      policy,
    );
    const length = typeof value === 'string' ? ` (got ${value.length})` : '';
    return `${where}: ${issue.message}${length}`;
  }
  if (issue.code !== 'unrecognized_keys') return `${where}: ${issue.message}`;
  const known = issue.path[0] === 'renew' ? RENEW_FIELDS : POLICY_FIELDS;
  const named = issue.keys.map((key) => {
    const meant = closest(key, known);
    return `${JSON.stringify(key.slice(0, 40))}${meant ? ` (did you mean "${meant}"?)` : ''}`;
  });
  const place = issue.path.length > 0 ? ` in ${where}` : '';
  return `unknown field ${named.join(', ')}${place}; the known fields are ${known.join(', ')}`;
}

/** Policy fields a memo key may carry: strings and numbers. */
const SCALAR_FIELDS = new Set([
  'subject',
  'userId',
  'accountName',
  'accountType',
  'worksType',
  'watermark',
  'expireMinutes',
  'ticketUses',
]);

/** One value in a memo key: its type and length first, so no two values read alike. */
function keyPart(value: unknown): string | undefined {
  if (typeof value === 'string') return `s${value.length}:${value}`;
  if (typeof value === 'number') return `n${value};`;
  if (value === undefined) return 'u';
  return undefined;
}

function isPlain(value: unknown, prototype: object): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === prototype;
}

/**
 * A key naming the policy's whole content, when it is plain data of the usual shape (strings and
 * numbers, `kinds` / `cmptIds` lists of strings, `renew` numbers); undefined for anything else
 * (row filters, choosable filters, a class instance, a getter's object), which is checked afresh.
 * Two policies with one key are equal field for field, so they resolve alike.
 */
function policyMemoKey(policy: unknown): string | undefined {
  if (!isPlain(policy, Object.prototype)) return undefined;
  let key = '';
  for (const name of Object.keys(policy)) {
    const value = policy[name];
    let part: string | undefined;
    if (SCALAR_FIELDS.has(name)) part = keyPart(value);
    else if ((name === 'kinds' || name === 'cmptIds') && Array.isArray(value)) {
      if (Object.getPrototypeOf(value) !== Array.prototype || value.length > 16) return undefined;
      part = `a${value.length}:`;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item !== 'string') return undefined;
        part += keyPart(item);
      }
    } else if (name === 'renew' && isPlain(value, Object.prototype)) {
      part = 'o';
      for (const field of Object.keys(value)) {
        const inner = value[field];
        if (typeof inner !== 'number' && inner !== undefined) return undefined;
        part += `${keyPart(field)}${keyPart(inner)}`;
      }
      part += ';';
    } else if (name !== 'renew' && name !== 'kinds' && name !== 'cmptIds') return undefined;
    if (part === undefined) return undefined;
    key += `${keyPart(name)}${part}`;
  }
  return key;
}

// The app's `authorize` answers a new but equal policy object on every request of a session:
// checking it against the schema is the costliest step of a cache hit, so a valid one of the usual
// shape is remembered by its content (bounded, oldest dropped first). The resolved policy is
// frozen: every request shares it.
const resolvedPolicies = new Map<string, ResolvedPolicy>();
const MAX_RESOLVED_POLICIES = 1_000;

/** Checks the app's policy; a bad one is the server's bug, reported as such (never to the browser). */
export function resolvePolicy(policy: QuickBIPolicy): ResolvedPolicy {
  const key = policyMemoKey(policy);
  const known = key === undefined ? undefined : resolvedPolicies.get(key);
  if (known) return known;
  const resolved = checkPolicy(policy);
  if (key !== undefined) {
    Object.freeze(resolved.kinds);
    Object.freeze(resolved.cmptIds);
    remember(resolvedPolicies, key, Object.freeze(resolved), MAX_RESOLVED_POLICIES);
  }
  return resolved;
}

function checkPolicy(policy: QuickBIPolicy): ResolvedPolicy {
  const parsed = policySchema.safeParse(policy);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.path[0] === 'subject' && (policy as { subject?: unknown })?.subject === undefined)
      throw new TypeError(
        'authorize returned a policy without subject: name the end user (your own user id); ' +
          'there is no shared default owner',
      );
    throw new TypeError(
      `authorize returned an invalid policy: ${issue ? describePolicyIssue(issue, policy) : '(policy)'}`,
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
