import { useEffect, useState, type RefObject } from 'react';

/**
 * Quick BI's one signal from an embedded page: a dashboard posts `{height, pageId}` when it shows
 * (spec §5). Accepted only from this iframe's window, from the report's origin, for this report's
 * pageId: any other frame on the page can post messages too. Returns the height for this src,
 * and calls `shown.current()` at the first message per src.
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
    const origin = new URL(src).origin;
    let told = false;
    const onMessage = ({ origin: from, source, data }: MessageEvent) => {
      if (
        from === origin &&
        source === frame.current?.contentWindow &&
        data?.pageId === pageId &&
        typeof data.height === 'number' &&
        data.height > 0
      ) {
        setPosted({ src, height: data.height });
        if (!told) {
          told = true;
          shown.current?.();
        }
      }
    };
    addEventListener('message', onMessage);
    return () => removeEventListener('message', onMessage);
  }, [frame, src, pageId, shown]);
  return posted && posted.src === src ? posted.height : undefined;
}
