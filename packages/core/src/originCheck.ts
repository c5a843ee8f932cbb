import { QuickBIEmbedError } from './errors.js';

// 127.0.0.0/8, localhost and [::1]: the only hosts where plain http is acceptable (tests, emulator).
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * Why `reportUrl` must not load, or undefined when it may. It may only when it is on `origin` (the
 * Quick BI origin the server announced, else the app's own setting) and https outside loopback:
 * a server bug or a tampered answer must never put `data:`, `javascript:` or another host in the
 * iframe, where it would run with the embedding page as its parent.
 */
export function rejectReportUrl(
  reportUrl: string,
  origin: string | undefined,
): QuickBIEmbedError | undefined {
  let url: URL | undefined;
  let expected: string | undefined;
  try {
    url = new URL(reportUrl);
    expected = origin && new URL(origin).origin;
  } catch {
    // Unparsable: rejected below.
  }
  const ok =
    !!url &&
    url.origin === expected &&
    (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.test(url.hostname)));
  return ok
    ? undefined
    : new QuickBIEmbedError({
        code: 'REPORT_ORIGIN_REJECTED',
        // No origin known at all (neither announced nor configured) fails closed too.
        message: `reportUrl not on ${expected} (https)`,
      });
}
