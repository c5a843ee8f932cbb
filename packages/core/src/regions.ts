/**
 * Quick BI sites: the OpenAPI endpoint and the origin that serves embedded reports.
 *
 * Sources (digest with quotes: shared/spec/quickbi-embedding.md §2):
 * - endpoints: https://help.aliyun.com/zh/quick-bi/developer-reference/api-quickbi-public-2022-01-01-endpoint
 * - China public cloud report host `bi.aliyun.com`: https://help.aliyun.com/en/document_detail/420497.html
 * - international report hosts (`bi-<region>.data.aliyun.com`):
 *   https://help.aliyun.com/zh/quick-bi/developer-reference/basic-scheme-for-report-embedding
 *
 * Tokyo, Virginia, Riyadh and the Shanghai finance cloud have an endpoint but no documented report
 * host: they have no `reportOrigin`, and a client for them must be given one explicitly (guessing
 * would open every iframe on the wrong site).
 */
export interface QuickBISite {
  /** OpenAPI host (no scheme). */
  endpoint: string;
  /** Origin of the embed pages, e.g. `https://bi.aliyun.com`. Absent: not documented. */
  reportOrigin?: string;
}

export const QUICKBI_SITES = {
  'cn-hangzhou': {
    endpoint: 'quickbi-public.cn-hangzhou.aliyuncs.com',
    reportOrigin: 'https://bi.aliyun.com',
  },
  'ap-southeast-1': {
    endpoint: 'quickbi-public.ap-southeast-1.aliyuncs.com',
    reportOrigin: 'https://bi-ap-southeast-1.data.aliyun.com',
  },
  'ap-southeast-3': {
    endpoint: 'quickbi-public.ap-southeast-3.aliyuncs.com',
    reportOrigin: 'https://bi-ap-southeast-3.data.aliyun.com',
  },
  'ap-southeast-5': {
    endpoint: 'quickbi-public.ap-southeast-5.aliyuncs.com',
    reportOrigin: 'https://bi-ap-southeast-5.data.aliyun.com',
  },
  'cn-hongkong': {
    endpoint: 'quickbi-public.cn-hongkong.aliyuncs.com',
    reportOrigin: 'https://bi-cn-hongkong.data.aliyun.com',
  },
  'eu-central-1': {
    endpoint: 'quickbi-public.eu-central-1.aliyuncs.com',
    reportOrigin: 'https://bi-eu-central-1.data.aliyun.com',
  },
  'ap-northeast-1': { endpoint: 'quickbi-public.ap-northeast-1.aliyuncs.com' },
  'us-east-1': { endpoint: 'quickbi-public.us-east-1.aliyuncs.com' },
  'me-central-1': { endpoint: 'quickbi-public.me-central-1.aliyuncs.com' },
  'cn-shanghai-finance-1': { endpoint: 'quickbi-public.cn-shanghai-finance-1.aliyuncs.com' },
} as const satisfies Record<string, QuickBISite>;

export type QuickBIRegion = keyof typeof QUICKBI_SITES;

/** The central host used by every request example in Quick BI's docs. */
export const QUICKBI_CENTRAL_ENDPOINT = 'quickbi-public.aliyuncs.com';
