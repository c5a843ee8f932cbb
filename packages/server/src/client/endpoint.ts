import { QUICKBI_CENTRAL_ENDPOINT, QUICKBI_SITES } from '@quickbi-embed/core';
import type { QuickBIRegion } from '@quickbi-embed/core';

export interface ResolvedEndpoint {
  /** `https://quickbi-public.cn-hangzhou.aliyuncs.com` or `http://127.0.0.1:9100`. */
  origin: string;
  region: QuickBIRegion | undefined;
  /** The region's report origin, when the region table knows it. */
  reportOrigin: string | undefined;
}

/** Where the README lists each region's report host and what to do without one. */
export const REPORT_ORIGIN_DOCS =
  'https://help.aliyun.com/zh/quick-bi/developer-reference/basic-scheme-for-report-embedding';

const SITES = QUICKBI_SITES as Record<string, { endpoint: string; reportOrigin?: string }>;

function checkedReportOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(
      `reportOrigin must be an origin such as https://bi.aliyun.com, got ${JSON.stringify(value)}`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new TypeError('reportOrigin must be an http(s) origin');
  return url.origin;
}

/**
 * The region a Quick BI OpenAPI host belongs to: the central host is the China site, a regional
 * (or VPC) host names its region (spec §2.1). `null` for any other host (the emulator, a proxy).
 */
function quickBIHostRegion(host: string): string | null | undefined {
  if (host === QUICKBI_CENTRAL_ENDPOINT) return 'cn-hangzhou';
  const m = /^quickbi-public(?:-vpc)?\.([a-z0-9-]+)\.aliyuncs\.com$/.exec(host);
  return m && m[1] !== undefined && SITES[m[1]] ? m[1] : null;
}

/**
 * `endpoint` may be a full URL (for the emulator) or a bare host (https assumed). The report
 * origin: the explicit one, else the documented one of the Quick BI site the endpoint belongs to.
 * Never a guess: a region whose report host Quick BI does not document, or a region together with
 * a custom endpoint (the emulator, a proxy), is an error without an explicit `reportOrigin`, so
 * iframes never silently open on the real `https://bi.aliyun.com`.
 */
export function resolveEndpoint(
  region?: string,
  endpoint?: string,
  reportOrigin?: string,
): ResolvedEndpoint {
  const site = region === undefined ? undefined : SITES[region];
  if (region !== undefined && !site)
    throw new TypeError(
      `Unknown Quick BI region "${region}". Known: ${Object.keys(QUICKBI_SITES).join(', ')}; or pass endpoint`,
    );
  if (site && !site.reportOrigin && reportOrigin === undefined)
    throw new TypeError(
      `Quick BI does not document the report host of region "${region}": pass reportOrigin ` +
        `(env QUICKBI_REPORT_ORIGIN in the README's setup), the origin of the embed links your ` +
        `Quick BI console shows for this site. See ${REPORT_ORIGIN_DOCS} and the ` +
        `@quickbi-embed/server README, "The client".`,
    );
  let origin: string;
  let hostRegion: string | null | undefined;
  if (endpoint !== undefined) {
    const url = new URL(endpoint.includes('://') ? endpoint : `https://${endpoint}`);
    origin = url.origin;
    hostRegion = quickBIHostRegion(url.host);
  } else {
    origin = `https://${site?.endpoint ?? QUICKBI_CENTRAL_ENDPOINT}`;
    hostRegion = region ?? 'cn-hangzhou';
  }
  if (hostRegion === null && region !== undefined && reportOrigin === undefined)
    throw new TypeError(
      `createQuickBIClient: endpoint ${origin} is not a Quick BI host, so the site serving the ` +
        `embed pages is unknown and region "${region}"'s report host would be a guess: pass ` +
        `reportOrigin (env QUICKBI_REPORT_ORIGIN), e.g. the emulator's reportOrigin. ` +
        `Set QUICKBI_ENDPOINT and QUICKBI_REPORT_ORIGIN together, or neither.`,
    );
  const effectiveRegion = region ?? (hostRegion === null ? undefined : hostRegion);
  const documented =
    effectiveRegion !== undefined && hostRegion !== null
      ? SITES[effectiveRegion]?.reportOrigin
      : undefined;
  return {
    origin,
    region: effectiveRegion as QuickBIRegion | undefined,
    // A custom endpoint without a region may serve any site: its report origin is the caller's.
    reportOrigin: reportOrigin !== undefined ? checkedReportOrigin(reportOrigin) : documented,
  };
}
