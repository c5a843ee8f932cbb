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
import { expiresLocally } from './receivedAt.js';
import { fetchOnce, retainRenewal } from './renewalRegistry.js';
import { reportStrings } from './strings.js';
import {
  claimUse,
  dryCount,
  exhaustedError,
  latestOf,
  noteDry,
  setWaiting,
  usesLeft,
} from './ticketUses.js';
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
  const { adapter, locale, renewal } = useQuickBI();
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

  // An embed keeps the credential it loaded with (pinned) while that lives: a renewal that extends
  // it must not reload the report, and a new ticket in the query is only for embeds still waiting.
  const [shown, setShown] = useState<{ id: string; url: string }>();
  // Set with the claim, not after the render: effect cleanups run before later effects. Keyed by
  // the query, so another report (new props) is loaded rather than kept.
  const shownId = useRef<string>(undefined);
  const hash = hashKey(options.queryKey);
  const shownFor = useRef(hash);
  const pinnedNow = () => (shownFor.current === hash ? shownId.current : undefined);
  const isTicket = kind === 'ticket';
  // Asks once, however many embeds ask.
  const ask = () => fetchOnce(client, options.queryKey);

  // Counted while without a src, so a fetch asks for as many uses as embeds wait.
  const waiting = useRef(false);
  const wait = (on: boolean) => {
    if (!isTicket || on === waiting.current) return;
    waiting.current = on;
    setWaiting(client, hash, on ? 1 : -1);
  };
  useEffect(() => {
    wait(!pinnedNow());
    return () => wait(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [hash]);

  useEffect(() => {
    if (!current || !live) return;
    const id = current.kind === 'ticket' ? current.ticket : current.accessToken;
    const pinned = pinnedNow();
    if (id === pinned) return;
    if (current.kind === 'ticket' && pinned) {
      const last = latestOf(client, pinned);
      if (last && expiresLocally(last) > Date.now()) return;
    }
    // A credential that died unrenewed (a sleeping laptop, a stale prefetch) is not loaded.
    if (state.expiresAt! <= Date.now()) return void state.refetch();
    if (current.kind === 'ticket') {
      wait(true);
      // Every page load consumes a use: load only with one granted to this page, else ask for
      // more (unless a dry answer is being retried with backoff, or retries gave up).
      if (!claimUse(client, current)) return void (dryCount(client, hash) || ask());
      wait(false);
      const left = usesLeft(client, current);
      if (left <= Math.max(1, current.maxUses / 10)) onBudgetLow?.(left, current.maxUses);
    }
    // The use is claimed in an effect (never during render), so the src follows in state;
    // StrictMode's rehearsal remount finds it claimed and keeps that state.
    shownId.current = id;
    shownFor.current = hash;
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setShown({ id, url: current.reportUrl });
    // Re-run per credential object: a renewal may have brought uses.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current, live]);

  // The ticket this embed loaded is renewed in place as long as it shows it.
  const pin = isTicket ? shown?.id : undefined;
  useEffect(
    () =>
      pin ? retainRenewal(client, options.queryKey, renewal, { ticket: pin, adapter }) : undefined,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, pin, adapter],
  );

  const previous = useRef(current);
  useEffect(() => {
    if (current && previous.current && previous.current !== current) onRenew?.(current);
    previous.current = current;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current]);

  // Waiting embeds show TICKET_EXHAUSTED once retries for a use gave up; loaded ones are fine.
  const exhausted = isTicket && !shown ? exhaustedError(client, hash) : undefined;
  const error = exhausted ?? (state.status === 'error' ? state.error : null);
  useEffect(() => {
    if (state.error) onError?.(state.error);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.error]);
  useEffect(() => {
    if (exhausted) onError?.(exhausted);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [exhausted]);

  const frame = useRef<HTMLIFrameElement>(null);
  const autoHeight = useAutoHeight(frame, shown?.url, worksId, height === 'auto');
  const t = reportStrings[locale];
  const retry = () => {
    if (!exhausted) return void state.refetch();
    noteDry(client, hash, false);
    ask();
  };

  return (
    <div className={className} style={style} data-quickbi-report={worksId}>
      {error &&
        (renderError ? (
          renderError(error, retry)
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
        !error &&
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
