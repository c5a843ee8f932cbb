import type { ContractFilter, Credential, WorksType } from '@quickbi-embed/core';
import { WORKS_TYPES } from '@quickbi-embed/core';
import { z } from 'zod';
import { ticketRequestShape } from './requestSchemas.js';
import type { CredentialKind } from './policy.js';

/** What a server render asks for: the same report identity the browser would send. */
export interface PrefetchOptions {
  worksId: string;
  /** A hint, as from the browser: the handler's `worksType` lookup and the policy win. */
  worksType?: WorksType;
  cmptId?: string;
  /** Default `'ticket'`. */
  kind?: CredentialKind;
  /**
   * Host-chosen filters (tickets only), as the browser would send them: the policy's `filters`
   * decide, exactly as on `/ticket`. Pass the same `filters` to `QuickBIReport` so the
   * hydrating render finds this credential for its report.
   */
  filters?: ContractFilter[];
}

// Same id rules as the HTTP routes: a server render passes route params that came from a URL.
export const prefetchSchema = z
  .object({
    worksId: ticketRequestShape.shape.worksId,
    worksType: z.enum(WORKS_TYPES).optional(),
    cmptId: ticketRequestShape.shape.cmptId,
    kind: z.enum(['token', 'ticket']).optional(),
    filters: ticketRequestShape.shape.filters,
  })
  .strict()
  .refine((r) => r.kind !== 'token' || r.cmptId === undefined, 'a token has no cmptId')
  .refine((r) => r.kind !== 'token' || !r.filters?.length, 'a token carries no filters');

interface Prefetching {
  prefetch(request: Request, options: PrefetchOptions): Promise<Credential>;
}

/**
 * A credential for a server render (React Server Components, SSR), issued under the app's
 * `authorize` with the incoming request, with one page load reserved for the first embed. Pass the
 * result to the browser component as its initial credential.
 */
export function prefetchReport(
  handler: Prefetching,
  request: Request,
  options: PrefetchOptions,
): Promise<Credential> {
  return handler.prefetch(request, options);
}
