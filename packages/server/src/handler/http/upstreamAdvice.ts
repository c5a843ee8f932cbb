/**
 * What to check when Quick BI refuses the server itself, by Quick BI's error code (Alibaba Cloud's
 * common OpenAPI codes, spec §7). The first match wins; `config` says the fix is in this server's
 * setup (logged as an error), not a passing upstream failure (a warning).
 */
const ADVICE: readonly { code: RegExp; check: string; config: boolean }[] = [
  {
    code: /^InvalidAccessKeyId/,
    check:
      "the AccessKey ID is unknown or disabled: set the client's accessKeyId (e.g. QUICKBI_ACCESS_KEY_ID) to an enabled key of the Alibaba Cloud account that owns the Quick BI organisation",
    config: true,
  },
  {
    code: /^(SignatureDoesNotMatch|IncompleteSignature)/,
    check:
      "the AccessKey secret does not belong to this AccessKey ID: set the client's accessKeySecret (e.g. QUICKBI_ACCESS_KEY_SECRET; watch for stray whitespace)",
    config: true,
  },
  {
    code: /^InvalidSecurityToken/,
    check: "the STS token is invalid or expired: refresh the client's credentials provider",
    config: true,
  },
  {
    code: /^(IllegalTimestamp|SignatureNonceUsed)/,
    check: "this server's clock is off: sync it (NTP)",
    config: true,
  },
  {
    code: /^(Forbidden|Access\.Forbidden|NoPermission)/,
    check:
      'the RAM identity behind the AccessKey lacks Quick BI OpenAPI permission (e.g. AliyunQuickBIFullAccess)',
    config: true,
  },
  {
    code: /^(Instance\.|InvalidAction|InvalidVersion|UnsupportedHTTPMethod)/,
    check:
      "the client's region or endpoint, and that the Quick BI organisation has the embedding module",
    config: true,
  },
  {
    code: /^(InvalidParameter|MissingParameter)/,
    check: "the parameter Quick BI names (the policy's userId, the worksId, the watermark)",
    config: true,
  },
  {
    code: /^Throttling/,
    check: 'Quick BI is throttling this account: fewer calls (the quota option) or a higher limit',
    config: false,
  },
  {
    code: /^(UPSTREAM_TIMEOUT|NETWORK_ERROR|InternalError|Internal\.System\.Error|ServiceUnavailable|UPSTREAM_UNAVAILABLE)/,
    check: "Quick BI's availability and this server's network path to it; the browser retries",
    config: false,
  },
];

export function upstreamAdvice(code: string): { check: string; config: boolean } {
  return (
    ADVICE.find((entry) => entry.code.test(code)) ?? {
      check: "Quick BI's message: it is about this report or credential, not the server's setup",
      config: false,
    }
  );
}
