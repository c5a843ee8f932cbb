'use client';
import { QuickBIEmbedError, rejectReportUrl, UI_TEXT } from '@quickbi-embed/core';
import type { CopilotCredential } from '@quickbi-embed/core';
import { useEffect, useState, type CSSProperties, type ReactNode } from 'react';
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

type State = { key: string; credential?: CopilotCredential; error?: QuickBIEmbedError };

const asEmbedError = (error: unknown): QuickBIEmbedError =>
  error instanceof QuickBIEmbedError
    ? error
    : new QuickBIEmbedError({ code: 'INTERNAL', message: String(error), status: 500 });

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
  const [state, setState] = useState<State>({ key: '' });
  const [attempt, setAttempt] = useState(0);
  // A new module or a Retry is a new request; an answer for an older one is never shown.
  const key = JSON.stringify([copilotId, attempt]);
  useEffect(() => {
    const controller = new AbortController();
    const request = adapter.createCopilotTicket
      ? adapter.createCopilotTicket({ copilotId }, { signal: controller.signal })
      : Promise.reject(
          new QuickBIEmbedError({
            code: 'NOT_CONFIGURED',
            message: 'This adapter cannot ask for Smart Q tickets (createCopilotTicket)',
            status: 0,
          }),
        );
    const failed = (error: QuickBIEmbedError) => {
      setState({ key, error });
      onError?.(error);
    };
    request.then(
      (credential) => {
        if (controller.signal.aborted) return;
        const rejected = rejectReportUrl(credential.reportUrl, credential.reportOrigin);
        if (rejected) failed(rejected);
        else setState({ key, credential });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) failed(asEmbedError(error));
      },
    );
    return () => controller.abort();
    // onError is an event, not a reason to ask for another ticket.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [adapter, copilotId, key]);
  const current: State = state.key === key ? state : { key };
  const retry = () => setAttempt((n) => n + 1);
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
