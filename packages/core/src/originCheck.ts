// 127.0.0.0/8, localhost and [::1]: the only hosts where plain http is acceptable (tests, emulator).
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * Whether `reportUrl` may load: only on `origin` (the Quick BI origin the server announced, else
 * the app's own setting) and https outside loopback. A server bug or a tampered answer must never
 * put `data:`, `javascript:` or another host in the iframe, where it would run with the embedding
 * page as its parent. No origin known at all fails closed too.
 */
export function isReportUrlAllowed(reportUrl: string, origin: string | undefined): boolean {
  try {
    const url = new URL(reportUrl);
    return (
      !!origin &&
      url.origin === new URL(origin).origin &&
      (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.test(url.hostname)))
    );
  } catch {
    return false;
  }
}
