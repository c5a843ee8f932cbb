'use client';
import { UI_TEXT } from '@quickbi-embed/core';
import { lazy, Suspense, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useQuickBI } from './context.js';
import type ErrorViewModule from './ErrorView.js';
import type { QuickBIReportProps } from './QuickBIReportProps.js';

// Loaded on demand: the status view is a build-and-debug aid, kept out of the main bundle.
const EmbedStatus = lazy(() => import('./status/QuickBIStatus.js'));
// Loaded with the first error, which shows once it arrived (a moment; the Retry is in it). Should
// its chunk not load (offline, a deploy replaced it), a bare view shows the code and a Retry, and
// the next render (the Retry's, or any change) loads it again: never nothing, never a throw.
const loadErrorView = (): Promise<{ default: typeof ErrorViewModule }> =>
  import('./ErrorView.js').catch(() => {
    ErrorView = lazy(loadErrorView);
    return {
      default: ({ error, retry, label }) => (
        <div role="alert">
          {error.code}{' '}
          <button type="button" onClick={retry}>
            {label}
          </button>
        </div>
      ),
    };
  });
let ErrorView = lazy(loadErrorView);

export function QuickBIReport(props: QuickBIReportProps) {
  const {
    worksId,
    worksType,
    cmptId,
    credential,
    filters,
    initialCredential,
    height = 'auto',
    title,
    loading,
    error: renderError,
    showStatus,
    onLoad,
    onFrameLoad,
    // Not the iframe's: the embed's events (read from `props`).
    onError: _onError,
    onRenew: _onRenew,
    onRenewalError: _onRenewalError,
    onBudgetLow: _onBudgetLow,
    className,
    style,
    ...iframeProps
  } = props;
  const { engine, locale } = useQuickBI();
  const text = UI_TEXT[locale];
  const report = engine.report({ worksId, worksType, cmptId, credential, filters });
  const [embed] = useState(() => engine.embed());
  // The engine calls the latest callbacks; they are not a reason to attach again.
  const shown = useRef(onLoad);
  useEffect(() => {
    // The props are the events (`EmbedEvents`): the embed reads only those.
    embed.on(props);
    shown.current = onLoad;
  });
  useEffect(() => embed.attach(report, initialCredential), [embed, report, initialCredential]);
  useSyncExternalStore(report.subscribe, report.getSnapshot, report.getSnapshot);
  const state = embed.getState();
  // Until the embed holds this report (first and server render, a switch), only a prefetched src.
  const mine = state.key === report.key;
  const src = mine ? state.src : engine.initialSrc(initialCredential, report);
  const error = mine ? state.error : null;
  const frame = useRef<HTMLIFrameElement>(null);
  // The height the report posts for this src (auto only), and `onLoad` at the first message per
  // src. The watcher loads on demand once there is a src: the report posts only after its page
  // showed, and the watcher asks for the height when it arrives, so the first paint does not wait
  // for it. It sets the iframe's height itself: React renders 400 px, which stays as rendered.
  const auto = height === 'auto';
  useEffect(() => {
    if (!src) return;
    const stop = import('./reportHeight.js').then(({ followReportHeight }) =>
      followReportHeight(
        () => frame.current,
        src,
        worksId,
        auto,
        () => shown.current?.(),
      ),
    );
    // Stopped as soon as it started if it arrives later: no message can come in between.
    return () => void stop.then((stopWatching) => stopWatching());
  }, [src, worksId, auto]);

  return (
    <div className={className} style={style}>
      {error &&
        (renderError ? (
          renderError(error, embed.retry)
        ) : (
          <Suspense>
            <ErrorView error={error} locale={locale} retry={embed.retry} label={text.retry} />
          </Suspense>
        ))}
      {src ? (
        <iframe
          {...iframeProps}
          ref={frame}
          title={title}
          src={src}
          style={{
            border: 0,
            width: '100%',
            display: 'block',
            height: auto ? 400 : height,
          }}
          onLoad={onFrameLoad}
        />
      ) : (
        !error &&
        (loading ?? (
          <div role="status" aria-label={title}>
            {text.loading}
          </div>
        ))
      )}
      {showStatus && (
        <Suspense>
          <EmbedStatus embed={embed} locale={locale} clock={engine.now} />
        </Suspense>
      )}
    </div>
  );
}
