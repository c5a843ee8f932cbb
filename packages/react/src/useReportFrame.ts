import { watchReportHeight } from '@quickbi-embed/core';
import { useEffect, useState, type RefObject } from 'react';

/**
 * The height the report in `frame` posts for this src (core's `watchReportHeight` checks the
 * window, origin and pageId), and `shown.current()` at the first message per src.
 */
export function useReportFrame(
  frame: RefObject<HTMLIFrameElement | null>,
  src: string | undefined,
  pageId: string,
  shown: RefObject<(() => void) | undefined>,
): number | undefined {
  const [posted, setPosted] = useState<{ src: string; height: number }>();
  useEffect(() => {
    if (!src) return;
    return watchReportHeight(
      () => frame.current,
      src,
      pageId,
      (height, first) => {
        setPosted({ src, height });
        if (first) shown.current?.();
      },
    );
  }, [frame, src, pageId, shown]);
  return posted && posted.src === src ? posted.height : undefined;
}
