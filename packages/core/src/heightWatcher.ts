/**
 * Quick BI's one signal from an embedded page: a dashboard posts `{height, pageId}` when it shows
 * (spec §5). Accepted only from this iframe's window, from the report's origin (that of `src`),
 * for this report's pageId: any other frame on the page can post messages too. Calls `onHeight`
 * with each height and whether it is the first for this src; returns the stop function. Both
 * `QuickBIReport` and `mountQuickBIReport` watch through this.
 */
export function watchReportHeight(
  frame: () => HTMLIFrameElement | null | undefined,
  src: string,
  pageId: string,
  onHeight: (height: number, first: boolean) => void,
): () => void {
  const origin = new URL(src).origin;
  let first = true;
  const onMessage = ({ origin: from, source, data }: MessageEvent) => {
    if (
      from === origin &&
      source === frame()?.contentWindow &&
      data?.pageId === pageId &&
      typeof data.height === 'number' &&
      data.height > 0
    ) {
      onHeight(data.height, first);
      first = false;
    }
  };
  addEventListener('message', onMessage);
  return () => removeEventListener('message', onMessage);
}

/** Asks the report for its height, in case it posted it before anyone listened (at iframe load). */
export function askReportHeight(frame: HTMLIFrameElement | null | undefined, src: string): void {
  frame?.contentWindow?.postMessage({ getDashboardHeight: true }, new URL(src).origin);
}
