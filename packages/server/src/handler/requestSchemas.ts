import { WORKS_TYPES } from '@quickbi-embed/core';
import { z } from 'zod';

// Quick BI ids are UUID-like; a tight charset keeps anything odd away from upstream and logs.
const id = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be letters, digits, . _ -');

export const tokenRequestSchema = z
  .object({ worksId: id, worksType: z.enum(WORKS_TYPES).optional() })
  .strict();

export const ticketRequestSchema = z
  .object({ worksId: id, worksType: z.enum(WORKS_TYPES).optional(), cmptId: id.optional() })
  .strict()
  .refine(
    (r) => r.cmptId === undefined || (r.worksType ?? 'dashboard') === 'dashboard',
    'cmptId is only valid for dashboards',
  );

export const ticketRefSchema = z
  .object({
    ticket: z
      .string()
      .min(1)
      .max(256)
      .regex(/^[A-Za-z0-9._-]+$/, 'must be letters, digits, . _ -'),
  })
  .strict();

/** The first problem, short and without echoing the value. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid request body';
  if (issue.code === 'unrecognized_keys')
    return `Unexpected field(s): ${issue.keys.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')} (only the report identity may be sent)`;
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}
