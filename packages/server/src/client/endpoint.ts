import { QUICKBI_CENTRAL_ENDPOINT, QUICKBI_SITES } from '@quickbi-embed/core';
import type { QuickBIRegion } from '@quickbi-embed/core';

export interface ResolvedEndpoint {
  /** `https://quickbi-public.cn-hangzhou.aliyuncs.com` or `http://127.0.0.1:9100`. */
  origin: string;
  region: QuickBIRegion | undefined;
  /** The region's report origin, when the region table knows it. */
  reportOrigin: string | undefined;
}

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
 * `endpoint` may be a full URL (for the emulator) or a bare host (https assumed). The report
 * origin: the explicit one, else the region's documented one; a region whose report host Quick BI
 * does not document is an error without an explicit `reportOrigin`.
 */
export function resolveEndpoint(
  region?: string,
  endpoint?: string,
  reportOrigin?: string,
): ResolvedEndpoint {
  const site =
    region === undefined
      ? undefined
      : (QUICKBI_SITES as Record<string, { endpoint: string; reportOrigin?: string }>)[region];
  if (region !== undefined && !site)
    throw new TypeError(
      `Unknown Quick BI region "${region}". Known: ${Object.keys(QUICKBI_SITES).join(', ')}; or pass endpoint`,
    );
  if (site && !site.reportOrigin && reportOrigin === undefined)
    throw new TypeError(
      `Quick BI does not document the report host of region "${region}": pass reportOrigin ` +
        `(the origin of the embed links your Quick BI console shows, e.g. https://bi-<region>.data.aliyun.com)`,
    );
  let origin: string;
  if (endpoint !== undefined) {
    const url = new URL(endpoint.includes('://') ? endpoint : `https://${endpoint}`);
    origin = url.origin;
  } else {
    origin = `https://${site?.endpoint ?? QUICKBI_CENTRAL_ENDPOINT}`;
  }
  return {
    origin,
    region: site ? (region as QuickBIRegion) : undefined,
    // The central endpoint serves the China site; a custom endpoint without a region may serve
    // any site, so its report origin is the caller's to say.
    reportOrigin:
      reportOrigin !== undefined
        ? checkedReportOrigin(reportOrigin)
        : (site?.reportOrigin ?? (endpoint === undefined ? 'https://bi.aliyun.com' : undefined)),
  };
}
