import { CONTRACT_ROUTES } from '@quickbi-embed/core';
import type { ContractRoute } from '@quickbi-embed/core';
import { quoted, refuse, say } from './refusal.js';

const ROUTE_BY_PATH = new Map<string, ContractRoute>(
  Object.entries(CONTRACT_ROUTES).map(([route, path]) => [path, route as ContractRoute]),
);
const PATHS = Object.values(CONTRACT_ROUTES);

/** The contract route a path names under `basePath`, if any. */
export function matchRoute(basePath: string, pathname: string): ContractRoute | undefined {
  if (!pathname.startsWith(basePath + '/')) return undefined;
  return ROUTE_BY_PATH.get(pathname.slice(basePath.length).replace(/\/+$/, ''));
}

/**
 * 404 NOT_FOUND, explained once for the log: a contract path under another prefix means the
 * handler is mounted elsewhere than its `basePath` (names the basePath to set); any other path
 * lists the routes.
 */
export function refuseUnknownRoute(basePath: string, method: string, pathname: string): never {
  const path = pathname.replace(/\/+$/, '');
  const route = PATHS.find((p) => path.endsWith(p) && path.length > p.length);
  const mountedAt = route === undefined ? undefined : path.slice(0, -route.length);
  const text =
    mountedAt !== undefined && mountedAt !== basePath
      ? `${method} ${quoted(pathname)} is outside basePath ${quoted(basePath)}. Fix: the handler seems mounted at ${quoted(mountedAt)}: pass basePath: ${quoted(mountedAt)} to createQuickBIHandler and the same basePath to the browser's QuickBIProvider`
      : `${method} ${quoted(pathname)} is no Quick BI embed route. Fix: the browser calls POST ${basePath}{${PATHS.join(',')}}; check the QuickBIProvider basePath and where this handler is mounted (basePath ${quoted(basePath)})`;
  refuse('NOT_FOUND', 'No such Quick BI embed route', {
    explain: {
      // Once per suggested mount, and once for every other path: a scanner cannot flood the log.
      key: `NOT_FOUND ${mountedAt ?? '(other)'}`,
      line: say('NOT_FOUND', pathname.slice(0, 100), text),
      fields: { event: 'quickbi.route.unknown', path: pathname.slice(0, 100), basePath },
    },
  });
}
