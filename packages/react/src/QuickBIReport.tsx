'use client';
import type { Credential, QuickBIEmbedError, WorksType } from '@quickbi-embed/core';
import { hashKey, useQueryClient } from '@tanstack/react-query';
import {
  lazy,
  Suspense,
  useEffect,
  useRef,
  useState,
  type CSSProperties,
  type IframeHTMLAttributes,
  type ReactNode,
} from 'react';
import { useQuickBI } from './context.js';
import { embedTokenQueryOptions, ticketQueryOptions } from './queryOptions.js';
import { reportStrings } from './strings.js';
import { claimUse, releaseUse, usesLeft } from './ticketUses.js';
import { useAutoHeight } from './useAutoHeight.js';
import { useCredential } from './useCredential.js';

// Loaded on demand: the status view is a build-and-debug aid, kept out of the main bundle.
const QuickBIStatus = lazy(() =>
  import('./status/QuickBIStatus.js').then((m) => ({ default: m.QuickBIStatus })),
);

export interface QuickBIReportProps extends Omit<
  IframeHTMLAttributes<HTMLIFrameElement>,
  'src' | 'title' | 'height' | 'onLoad' | 'onError' | 'children' | 'loading'
> {
  worksId: string;
  worksType?: WorksType;
  /** One component of a dashboard. */
  cmptId?: string;
  /** `ticket` (CreateTicket, default) or `token` (CreateEmbedToken). */
  credential?: 'ticket' | 'token';
  /** Pixels, or `auto` to follow the height the dashboard posts (400 px until it does). */
  height?: 'auto' | number;
  /** The iframe's accessible name. */
  title: string;
  loading?: ReactNode;
  error?: (error: QuickBIEmbedError, retry: () => void) => ReactNode;
  /**
   * Show what the credential carries: watermark, global parameters, uses, time left (the view
   * is fetched on demand; import `@quickbi-embed/react/status` to place it yourself).
   */
  showStatus?: boolean;
  onLoad?: () => void;
  onError?: (error: QuickBIEmbedError) => void;
  /** A renewal brought a fresh credential (the iframe keeps its src when the value is the same). */
  onRenew?: (credential: Credential) => void;
  /** A ticket has few uses left after this embed took one (at most 1, or 10 % of the budget). */
  onBudgetLow?: (usesLeft: number, maxUses: number) => void;
  className?: string;
  style?: CSSProperties;
}

export function QuickBIReport({
  worksId,
  worksType,
  cmptId,
  credential: kind = 'ticket',
  height = 'auto',
  title,
  loading,
  error: renderError,
  showStatus,
  onLoad,
  onError,
  onRenew,
  onBudgetLow,
  className,
  style,
  ...iframeProps
}: QuickBIReportProps) {
  const { adapter, locale } = useQuickBI();
  const client = useQueryClient();
  const options =
    kind === 'token'
      ? embedTokenQueryOptions(adapter, { worksId, ...(worksType && { worksType }) })
      : ticketQueryOptions(adapter, {
          worksId,
          ...(worksType && { worksType }),
          ...(cmptId !== undefined && { cmptId }),
        });
  const state = useCredential<Credential, readonly unknown[]>(options as never);
  const current = state.credential;
  const live = state.status === 'success';

  // The src changes only when the credential's value does: a renewal that extends the same
  // ticket or token must not reload the report.
  const [shown, setShown] = useState<{ id: string; url: string }>();
  const shownId = useRef<string>(undefined);
  useEffect(() => {
    shownId.current = shown?.id;
  }, [shown]);

  useEffect(() => {
    if (!current || !live) return;
    const id = current.kind === 'ticket' ? current.ticket : current.accessToken;
    if (id === shownId.current) return;
    // A credential that died unrenewed (a sleeping laptop, a stale prefetch) is not loaded.
    if (state.expiresAt! <= Date.now()) return void state.refetch();
    if (current.kind === 'ticket') {
      // Every page load consumes a use: never load a ticket with none left, get more first.
      if (!claimUse(client, current, hashKey(options.queryKey))) return void state.refetch();
      const left = usesLeft(client, current);
      if (left <= Math.max(1, current.maxUses / 10)) onBudgetLow?.(left, current.maxUses);
    }
    // The use is claimed in an effect (never during render), so the src follows in state.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setShown({ id, url: current.reportUrl });
    return () => {
      // StrictMode's rehearsal unmount comes before the src was ever rendered: give the use back.
      if (current.kind === 'ticket' && shownId.current !== id) releaseUse(client, current);
    };
    // Re-run per credential object: a renewal may have topped the budget up.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current, live]);

  const previous = useRef(current);
  useEffect(() => {
    if (current && previous.current && previous.current !== current) onRenew?.(current);
    previous.current = current;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current]);

  useEffect(() => {
    if (state.error) onError?.(state.error);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.error]);

  const frame = useRef<HTMLIFrameElement>(null);
  const autoHeight = useAutoHeight(frame, shown?.url, worksId, height === 'auto');
  const t = reportStrings[locale];
  const retry = () => void state.refetch();

  return (
    <div className={className} style={style} data-quickbi-report={worksId}>
      {state.status === 'error' &&
        (renderError ? (
          renderError(state.error!, retry)
        ) : (
          <div role="alert">
            {t.error}{' '}
            <button type="button" onClick={retry}>
              {t.retry}
            </button>
          </div>
        ))}
      {shown ? (
        <iframe
          {...iframeProps}
          ref={frame}
          title={title}
          src={shown.url}
          style={{
            border: 0,
            width: '100%',
            display: 'block',
            height: height === 'auto' ? (autoHeight ?? 400) : height,
          }}
          onLoad={() => {
            // Ask for the height in case the page posted it before we listened.
            frame.current?.contentWindow?.postMessage(
              { getDashboardHeight: true },
              new URL(shown.url).origin,
            );
            onLoad?.();
          }}
        />
      ) : (
        state.status !== 'error' &&
        (loading ?? (
          <div role="status" aria-label={title}>
            {t.loading}
          </div>
        ))
      )}
      {showStatus && current && (
        <Suspense>
          <QuickBIStatus
            credential={current}
            expiresAt={state.expiresAt}
            isRenewing={state.isRenewing}
            locale={locale}
            {...(current.kind === 'ticket' && { usesLeft: usesLeft(client, current) })}
          />
        </Suspense>
      )}
    </div>
  );
}
