import { askReportHeight, watchReportHeight } from '@quickbi-embed/core';

/**
 * Follows the height the report in the frame posts for `src` (core's watcher checks the window,
 * origin and pageId) and asks the report for it now and at each load of the frame: this module
 * loads on demand, so the report may have posted before anyone listened. Returns the stop function.
 */
export function followReportHeight(
  frame: () => HTMLIFrameElement | null,
  src: string,
  pageId: string,
  onHeight: (height: number, first: boolean) => void,
): () => void {
  const element = frame();
  const ask = () => askReportHeight(frame(), src);
  const stop = watchReportHeight(frame, src, pageId, onHeight);
  element?.addEventListener('load', ask);
  ask();
  return () => {
    stop();
    element?.removeEventListener('load', ask);
  };
}
