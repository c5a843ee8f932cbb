import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { attachRequestBody } from '../../handler/fastPath.js';

export interface IncomingMessageToRequestOptions {
  /**
   * Origin the server is reached at (`https://app.example.com`); it also replaces the Host header.
   * Default: `http://` + the Host header. Set it behind a TLS-terminating proxy so same-origin
   * checks see the browser's origin (or use the handler's `trustProxy` with forwarded headers).
   */
  origin?: string;
  /** Path to use instead of `req.url` (Express mounts rewrite `req.url`). */
  path?: string;
  /** A body already read by a framework (e.g. `express.json()`), sent on as JSON. */
  parsedBody?: unknown;
  /**
   * The raw body, already read (by the adapter, or a framework's `req.body`): the Request's body,
   * also handed to a `createQuickBIHandler` handler through a side channel (no stream read).
   */
  bufferedBody?: Uint8Array;
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
}

export function requestUrl(req: IncomingMessage, options: IncomingMessageToRequestOptions): URL {
  const path = options.path ?? req.url ?? '/';
  if (options.origin !== undefined) return new URL(path, options.origin);
  try {
    const url = new URL(path, `http://${req.headers.host ?? '127.0.0.1'}`);
    // `user@host` parses, but a Request may not carry credentials in its URL.
    if (url.username === '' && url.password === '') return url;
  } catch {
    // A malformed Host: handled below.
  }
  // A malformed Host still gets a Request: the handler answers it 400 BAD_HOST (the header is kept).
  return new URL(path.startsWith('/') ? path : '/', 'http://127.0.0.1');
}

/** A Web `Request` for a node:http request. The body stays a stream: the handler bounds it. */
export function incomingMessageToRequest(
  req: IncomingMessage,
  options: IncomingMessageToRequestOptions = {},
): Request {
  const url = requestUrl(req, options);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  // A configured origin is where the browser reaches the app: the handler's same-origin check
  // reads the Host header, so it says the same.
  if (options.origin !== undefined) headers.set('host', url.host);
  const method = (req.method ?? 'GET').toUpperCase();
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (options.signal) init.signal = options.signal;
  if (method !== 'GET' && method !== 'HEAD') {
    if (options.bufferedBody !== undefined) {
      headers.set('content-length', String(options.bufferedBody.byteLength));
      const request = new Request(url, {
        ...init,
        body: options.bufferedBody as Uint8Array<ArrayBuffer>,
      });
      attachRequestBody(request, options.bufferedBody);
      return request;
    }
    if (options.parsedBody !== undefined) {
      const text = JSON.stringify(options.parsedBody);
      headers.set('content-length', String(Buffer.byteLength(text)));
      init.body = text;
    } else {
      init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
      init.duplex = 'half';
    }
  }
  return new Request(url, init);
}
