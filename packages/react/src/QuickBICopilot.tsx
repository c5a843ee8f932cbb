'use client';
import { createCopilotSession, UI_TEXT, type QuickBIEmbedError } from '@quickbi-embed/core';
import {
  useEffect,
  useMemo,
  useSyncExternalStore,
  type CSSProperties,
  type ReactNode,
} from 'react';
import { useQuickBI } from './context.js';

export interface QuickBICopilotProps {
  /** The Smart Q module (`CopilotId`) with embedding switched on. */
  copilotId: string;
  /** The iframe's accessible name. */
  title: string;
  /** Pixels. Default 600 (Smart Q posts no height). */
  height?: number;
  loading?: ReactNode;
  error?: (error: QuickBIEmbedError, retry: () => void) => ReactNode;
  onError?: (error: QuickBIEmbedError) => void;
  className?: string;
  style?: CSSProperties;
}

/**
 * A Smart Q (智能小Q) module in an iframe, on a ticket from the app's server (`/copilot/ticket`,
 * granted by its `authorizeCopilot`). One ticket per mount or `copilotId`: Smart Q tickets are not
 * renewed (a page is one conversation); Retry asks for a new one. The page URL is the server's,
 * loaded only on the Quick BI origin the server announced.
 */
export function QuickBICopilot({
  copilotId,
  title,
  height = 600,
  loading,
  error: renderError,
  onError,
  className,
  style,
}: QuickBICopilotProps) {
  const { adapter, locale } = useQuickBI();
  // A new module (or adapter) is a new session; Retry asks again within it.
  const session = useMemo(() => createCopilotSession(adapter, copilotId), [adapter, copilotId]);
  useEffect(() => session.on({ onError }));
  useEffect(() => session.start(), [session]);
  const current = useSyncExternalStore(session.subscribe, session.getState, session.getState);
  const retry = session.retry;
  const t = UI_TEXT[locale];

  return (
    <div className={className} style={style} data-quickbi-copilot={copilotId}>
      {current.error ? (
        renderError ? (
          renderError(current.error, retry)
        ) : (
          <div role="alert" data-code={current.error.code}>
            {current.error.message} ({current.error.code}){' '}
            <button type="button" onClick={retry}>
              {t.retry}
            </button>
          </div>
        )
      ) : current.credential ? (
        <iframe
          title={title}
          src={current.credential.reportUrl}
          style={{ border: 0, width: '100%', display: 'block', height }}
        />
      ) : (
        (loading ?? (
          <div role="status" aria-label={title}>
            {t.loading}
          </div>
        ))
      )}
    </div>
  );
}
