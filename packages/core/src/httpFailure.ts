import type { ErrorBody } from './contract.js';
import { QuickBIEmbedError } from './errors.js';

/** What `createHttpAdapter` saw of a failed call; worded here, loaded with the first failure. */
export interface HttpFailure {
  url: string;
  base: string;
  /** The call was given up after `timeout` ms. */
  timeout?: number | undefined;
  /** The answer and its text: an answer counts once its text arrived. */
  response?: Response;
  text?: string;
  cause?: unknown;
}

/**
 * The typed error for a failed call, naming whose mistake it is: our handler's own error body
 * passes as is; no answer, or a proxy's 502/503/504 without our body, is the app's server being
 * unreachable (`NETWORK_ERROR`, retryable); any other answer that is not our JSON comes from
 * something else than the handler (a wrong `baseUrl`, an SPA fallback page).
 */
export function httpFailure({ url, base, timeout, response, text, cause }: HttpFailure) {
  // 0 when no answer arrived.
  const status = text === undefined || !response ? 0 : response.status;
  const type = response?.headers.get('content-type');
  let body: { error?: Partial<ErrorBody['error']> } | undefined;
  try {
    body = JSON.parse(text!);
  } catch {
    // Not JSON: not our handler's answer.
  }
  const error = body?.error;
  const gateway = status >= 502 && status <= 504;
  return new QuickBIEmbedError(
    typeof error?.code === 'string'
      ? {
          code: error.code,
          message: error.message ?? `HTTP ${status} from ${url}`,
          status,
          ...(error.requestId && { requestId: error.requestId }),
        }
      : {
          code: !status || gateway ? 'NETWORK_ERROR' : status === 404 ? 'NOT_FOUND' : 'INTERNAL',
          message:
            status === 0
              ? timeout
                ? `No answer from ${url} within ${timeout} ms`
                : `Could not reach ${url}: is the app's server up, and if on another origin, does it allow this page's origin (allowedOrigins)?`
              : gateway
                ? `HTTP ${status} from ${url} without the embed server's answer: is the app's server running behind its proxy?`
                : `HTTP ${status} from ${url} is not the embed server's JSON (${type ?? 'no content-type'}): is baseUrl "${base}" where createQuickBIHandler is mounted?`,
          status,
          cause,
        },
  );
}
