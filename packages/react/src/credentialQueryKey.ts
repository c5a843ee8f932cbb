import type { ReportRequest } from '@quickbi-embed/core';

// A module of its own: the provider reads the key on every page, the query options are for
// route loaders (and esbuild keeps the TanStack import of a module it includes for one name).

/** Where a report's credential lives in the QueryClient; the provider's engine starts from it. */
export const credentialQueryKey = (request: ReportRequest) =>
  [
    'quickbi',
    request.credential ?? 'ticket',
    request.worksId,
    request.worksType ?? null,
    request.cmptId ?? null,
    // Another choice of host filters is another credential (the engine's requests are canonical).
    request.filters ?? null,
  ] as const;
