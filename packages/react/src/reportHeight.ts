import { askReportHeight, watchReportHeight } from '@quickbi-embed/core';

/**
 * Follows the height the report in the frame posts for `src` (core's watcher checks the window,
 * origin and pageId) and asks the report for it now and at each load of the frame: this module
 * loads on demand, so the report may have posted before anyone listened. With `auto`, it sets
 * the frame's height (400 px until the report of this src posted one); `onFirst` at its first
 * message. Returns the stop function.
 */
export function followReportHeight(
  frame: () => HTMLIFrameElement | null,
  src: string,
  pageId: string,
  auto: boolean,
  onFirst: () => void,
): () => void {
  const element = frame();
  const ask = () => askReportHeight(frame(), src);
  const size = (height: number) => {
    const current = frame();
    if (auto && current) current.style.height = `${height}px`;
  };
  // Another src in the same frame: not the previous report's height.
  size(400);
  const stop = watchReportHeight(frame, src, pageId, (height, first) => {
    size(height);
    if (first) onFirst();
  });
  element?.addEventListener('load', ask);
  ask();
  return () => {
    stop();
    element?.removeEventListener('load', ask);
  };
}
