import { WORKS_TYPES } from '@quickbi-embed/core';
import { z } from 'zod';

// Quick BI ids are UUID-like; a tight charset keeps anything odd away from upstream and logs.
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const ID_MAX = 128;
const id = z.string().min(1).max(ID_MAX).regex(ID, 'must be letters, digits, . _ -');

export const tokenRequestSchema = z
  .object({
    worksId: id,
    worksType: z.enum(WORKS_TYPES).optional(),
    // The browser's token is about to expire: extend it upstream rather than answer from the cache.
    renew: z.boolean().optional(),
  })
  .strict();

// Page loads a caller may reserve in one request; the policy's ticketUses bounds what it gets.
const MAX_USES = 99_999;

export const ticketRequestShape = z
  .object({
    worksId: id,
    worksType: z.enum(WORKS_TYPES).optional(),
    cmptId: id.optional(),
    uses: z.number().int().min(1).max(MAX_USES).optional(),
    // Checked item by item by parseRequestedFilters (403 FILTER_NOT_ALLOWED), not here.
    filters: z.array(z.unknown()).optional(),
  })
  .strict();

export const ticketRequestSchema = ticketRequestShape.refine(
  (r) => r.cmptId === undefined || (r.worksType ?? 'dashboard') === 'dashboard',
  'cmptId is only valid for dashboards',
);

const isId = (value: unknown): value is string =>
  typeof value === 'string' && value.length >= 1 && value.length <= ID_MAX && ID.test(value);
const TICKET_FIELDS = new Set(['worksId', 'worksType', 'cmptId', 'uses']);

/**
 * `ticketRequestSchema` for the usual body (a report, maybe its type, component and uses; no
 * filters), without the schema's cost: the input when the body is surely valid, undefined to let
 * the schema decide. Accepts a subset of what the schema accepts (src/handler/fastInput.test.ts).
 */
export function acceptTicketRequest(
  body: unknown,
): z.infer<typeof ticketRequestSchema> | undefined {
  if (typeof body !== 'object' || body === null || Object.getPrototypeOf(body) !== Object.prototype)
    return undefined;
  const fields = body as Record<string, unknown>;
  for (const name of Object.keys(fields)) if (!TICKET_FIELDS.has(name)) return undefined;
  const { worksId, worksType, cmptId, uses } = fields;
  if (!isId(worksId)) return undefined;
  if (worksType !== undefined && !WORKS_TYPES.includes(worksType as never)) return undefined;
  if (cmptId !== undefined && (!isId(cmptId) || (worksType ?? 'dashboard') !== 'dashboard'))
    return undefined;
  if (
    uses !== undefined &&
    !(Number.isInteger(uses) && (uses as number) >= 1 && (uses as number) <= MAX_USES)
  )
    return undefined;
  return {
    worksId,
    ...(worksType !== undefined ? { worksType: worksType as (typeof WORKS_TYPES)[number] } : {}),
    ...(cmptId !== undefined ? { cmptId } : {}),
    ...(uses !== undefined ? { uses: uses as number } : {}),
  };
}

const ticket = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9._-]+$/, 'must be letters, digits, . _ -');

export const ticketRefSchema = z.object({ ticket }).strict();

export const ticketRenewSchema = z
  .object({
    ticket,
    uses: z.number().int().min(0).max(MAX_USES).optional(),
    filters: z.array(z.unknown()).optional(),
  })
  .strict();

export const copilotTicketSchema = z.object({ copilotId: id }).strict();

/** The first problem, short and without echoing the value. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid request body';
  if (issue.code === 'unrecognized_keys')
    return `Unexpected field(s): ${issue.keys.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')} (only the report identity may be sent)`;
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}
