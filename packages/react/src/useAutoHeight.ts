import { useEffect, useState, type RefObject } from 'react';

/**
 * The height a Quick BI dashboard posts to its parent (`{height, pageId}`, spec §5). Accepted
 * only from this iframe's window, from the report's origin, for this report's pageId: any other
 * frame on the page can post messages too.
 */
export function useAutoHeight(
  frame: RefObject<HTMLIFrameElement | null>,
  src: string | undefined,
  pageId: string,
  enabled: boolean,
): number | undefined {
  const [height, setHeight] = useState<number>();
  useEffect(() => {
    if (!enabled || !src) return;
    const origin = new URL(src).origin;
    const onMessage = ({ origin: from, source, data }: MessageEvent) => {
      if (
        from === origin &&
        source === frame.current?.contentWindow &&
        data?.pageId === pageId &&
        typeof data.height === 'number' &&
        data.height > 0
      )
        setHeight(data.height);
    };
    addEventListener('message', onMessage);
    return () => removeEventListener('message', onMessage);
  }, [frame, src, pageId, enabled]);
  return height;
}
