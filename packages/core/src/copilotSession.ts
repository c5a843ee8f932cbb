import type { QuickBIClientAdapter } from './adapter.js';
import type { CopilotCredential } from './contract.js';
import { QuickBIEmbedError } from './errors.js';
import { isReportUrlAllowed } from './originCheck.js';
import { reportOriginRejected } from './originError.js';

/**
 * Why `reportUrl` must not load, or undefined when it may. Here, not beside the typed error: the
 * engine's renewal planner imports that, and with this the origin check would become a chunk of
 * its own (one more request before the first paint).
 */
export const rejectReportUrl = (reportUrl: string, origin: string | undefined) =>
  isReportUrlAllowed(reportUrl, origin) ? undefined : reportOriginRejected();

/** What a Smart Q embed shows: its ticket, or why there is none; neither while asking. */
export interface CopilotSessionState {
  credential?: CopilotCredential;
  error?: QuickBIEmbedError;
}

export interface CopilotSession {
  getState(): CopilotSessionState;
  /** Calls `listener` after every change, until the returned unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Asks for a ticket; the returned stop aborts it (an answer after that is never shown). */
  start(): () => void;
  /** Asks again (the user's Retry): a new ticket, an older answer is dropped. */
  retry(): void;
  /** The latest event handlers; they are not a reason to ask again. */
  on(events: { onError?: ((error: QuickBIEmbedError) => void) | undefined }): void;
}

const asEmbedError = (error: unknown): QuickBIEmbedError =>
  error instanceof QuickBIEmbedError
    ? error
    : new QuickBIEmbedError({ code: 'INTERNAL', message: String(error), status: 500 });

/**
 * One Smart Q (智能小Q) module's ticket lifecycle, framework-free: asks the app's server
 * (`/copilot/ticket`, the adapter's `createCopilotTicket`) once per start or retry, aborts what
 * is superseded, and accepts the page URL only on the Quick BI origin the server announced. Smart
 * Q tickets are not renewed (a page is one conversation). `QuickBICopilot` binds it.
 */
export function createCopilotSession(
  adapter: QuickBIClientAdapter,
  copilotId: string,
): CopilotSession {
  let state: CopilotSessionState = {};
  let controller: AbortController | undefined;
  let onError: ((error: QuickBIEmbedError) => void) | undefined;
  const listeners = new Set<() => void>();
  const set = (next: CopilotSessionState) => {
    state = next;
    for (const listener of [...listeners]) listener();
  };
  const ask = () => {
    controller?.abort();
    const { signal } = (controller = new AbortController());
    if (state.credential || state.error) set({});
    const failed = (error: QuickBIEmbedError) => {
      set({ error });
      onError?.(error);
    };
    (adapter.createCopilotTicket
      ? adapter.createCopilotTicket({ copilotId }, { signal })
      : Promise.reject(
          new QuickBIEmbedError({
            code: 'NOT_CONFIGURED',
            message: 'This adapter cannot ask for Smart Q tickets (createCopilotTicket)',
            status: 0,
          }),
        )
    ).then(
      (credential) => {
        if (signal.aborted) return;
        const rejected = rejectReportUrl(credential.reportUrl, credential.reportOrigin);
        if (rejected) failed(rejected);
        else set({ credential });
      },
      (error: unknown) => {
        if (!signal.aborted) failed(asEmbedError(error));
      },
    );
  };
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      ask();
      return () => controller?.abort();
    },
    retry: ask,
    on(events) {
      onError = events.onError;
    },
  };
}
