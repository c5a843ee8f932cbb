import { QUICKBI_CENTRAL_ENDPOINT, QUICKBI_SITES } from '@quickbi-embed/core';
import type { QuickBIRegion } from '@quickbi-embed/core';

export interface ResolvedEndpoint {
  /** `https://quickbi-public.cn-hangzhou.aliyuncs.com` or `http://127.0.0.1:9100`. */
  origin: string;
  region: QuickBIRegion | undefined;
  /** The region's report origin, when the region table knows it. */
  reportOrigin: string | undefined;
}

/** `endpoint` may be a full URL (for the emulator) or a bare host (https assumed). */
export function resolveEndpoint(region?: string, endpoint?: string): ResolvedEndpoint {
  const site =
    region === undefined
      ? undefined
      : (QUICKBI_SITES as Record<string, { endpoint: string; reportOrigin?: string }>)[region];
  if (region !== undefined && !site)
    throw new TypeError(
      `Unknown Quick BI region "${region}". Known: ${Object.keys(QUICKBI_SITES).join(', ')}; or pass endpoint`,
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
    // A custom endpoint without a region may serve any site: its report origin is the caller's to say.
    reportOrigin:
      site?.reportOrigin ?? (endpoint === undefined ? 'https://bi.aliyun.com' : undefined),
  };
}
