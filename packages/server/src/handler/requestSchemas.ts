import { WORKS_TYPES } from '@quickbi-embed/core';
import { z } from 'zod';

// Quick BI ids are UUID-like; a tight charset keeps anything odd away from upstream and logs.
const id = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be letters, digits, . _ -');

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
