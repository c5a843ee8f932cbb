import type { IncomingMessage, ServerResponse } from 'node:http';
import { PATHNAME, attachRequestBody } from '../../handler/fastPath.js';
import { requestUrl } from './incomingMessageToRequest.js';

export interface NodeRequestOptions {
  /** See `IncomingMessageToRequestOptions.origin`. */
  origin?: string;
  /** Path to use instead of `req.url`. */
  path?: string;
  /** The body, already read (bounded) by the adapter; absent for GET / HEAD. */
  body?: Uint8Array;
  /** The answer: its early close (the client went away) aborts `request.signal`. */
  res?: ServerResponse;
}

// A path a URL parse leaves as it is: no dot segments, escapes, backslashes or leading `//`.
const PLAIN_PATH = /^(\/(?!\/)[A-Za-z0-9_\-/]*)(?:\?[^#]*)?$/;

// RFC 9110 token: what `Headers` accepts as a name.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * The request's headers read straight from `IncomingMessage.headers` (already lower-cased and
 * joined by node): `get` and `has` build nothing. Anything else (iteration, mutation, an invalid
 * name that must throw) goes to a real `Headers`, built once. Same values as
 * `incomingMessageToRequest` gives (it copies the same record).
 */
class NodeHeaders {
  readonly #req: IncomingMessage;
  readonly #host: string | undefined;
  #real: Headers | undefined;
  constructor(req: IncomingMessage, host: string | undefined) {
    this.#req = req;
    this.#host = host;
  }
  #value(name: string): string | null {
    const key = name.toLowerCase();
    if (key === 'host' && this.#host !== undefined) return this.#host;
    const value = this.#req.headers[key];
    if (value === undefined) return null;
    return typeof value === 'string' ? value : value.join(', ');
  }
  real(): Headers {
    if (this.#real) return this.#real;
    const headers = new Headers();
    for (const [name, value] of Object.entries(this.#req.headers)) {
      if (value === undefined || name.startsWith(':')) continue;
      if (Array.isArray(value)) for (const item of value) headers.append(name, item);
      else headers.set(name, value);
    }
    if (this.#host !== undefined) headers.set('host', this.#host);
    return (this.#real = headers);
  }
  get(name: string): string | null {
    if (this.#real || !HEADER_NAME.test(name)) return this.real().get(name);
    return this.#value(name);
  }
  has(name: string): boolean {
    if (this.#real || !HEADER_NAME.test(name)) return this.real().has(name);
    return this.#value(name) !== null;
  }
}
const headersPrototype = NodeHeaders.prototype as unknown as Record<string, unknown>;
for (const key of [
  'append',
  'delete',
  'set',
  'forEach',
  'entries',
  'keys',
  'values',
  'getSetCookie',
] as const) {
  Object.defineProperty(headersPrototype, key, {
    value(this: NodeHeaders, ...args: unknown[]) {
      const headers = this.real() as unknown as Record<string, (...a: unknown[]) => unknown>;
      return headers[key]!.apply(headers, args);
    },
    writable: true,
    configurable: true,
  });
}
Object.defineProperty(headersPrototype, Symbol.iterator, {
  value(this: NodeHeaders) {
    return this.real()[Symbol.iterator]();
  },
  writable: true,
  configurable: true,
});
Object.setPrototypeOf(headersPrototype, Headers.prototype);

/**
 * A Web `Request` over a node:http request, built lazily (the habit of `@hono/node-server`):
 * `method`, `url` and `headers.get` read the `IncomingMessage` directly; every other property or
 * method (body, signal, json(), clone(), …) goes to a real undici `Request`, built on first use
 * with the buffered body and a signal that aborts when the client goes away. `instanceof Request`
 * holds. Only the adapter creates these, for a `createQuickBIHandler` handler (which takes the
 * buffered body through the fastPath side channel); a TRACE never gets here (405 first).
 */
class NodeRequest {
  readonly #req: IncomingMessage;
  readonly #options: NodeRequestOptions;
  #url: string | undefined;
  #headers: NodeHeaders | undefined;
  #real: Request | undefined;
  #controller: AbortController | undefined;
  constructor(req: IncomingMessage, options: NodeRequestOptions) {
    this.#req = req;
    this.#options = options;
    if (options.body !== undefined) attachRequestBody(this as unknown as Request, options.body);
  }
  get method(): string {
    return this.#req.method ?? 'GET';
  }
  get url(): string {
    return (this.#url ??= requestUrl(this.#req, this.#options).href);
  }
  /**
   * The path, read without parsing a URL when it is a plain one (letters, digits, `-`, `_`, `/`,
   * then maybe a query), which a URL parse answers unchanged; undefined otherwise (the handler
   * then parses `url`).
   */
  get [PATHNAME](): string | undefined {
    const path = this.#options.path ?? this.#req.url ?? '/';
    const match = PLAIN_PATH.exec(path);
    return match ? match[1] : undefined;
  }
  get headers(): Headers {
    if (this.#real) return this.#real.headers;
    return this.#nodeHeaders() as unknown as Headers;
  }
  #nodeHeaders(): NodeHeaders {
    if (this.#headers) return this.#headers;
    // A configured origin is where the browser reaches the app: the Host header says the same.
    const host = this.#options.origin !== undefined ? new URL(this.url).host : undefined;
    return (this.#headers = new NodeHeaders(this.#req, host));
  }
  get signal(): AbortSignal {
    if (this.#controller) return this.#controller.signal;
    const controller = (this.#controller = new AbortController());
    const res = this.#options.res;
    if (res) {
      if (res.closed && !res.writableFinished) controller.abort();
      else
        res.once('close', () => {
          if (!res.writableFinished) controller.abort();
        });
    }
    return controller.signal;
  }
  real(): Request {
    if (this.#real) return this.#real;
    const method = this.method.toUpperCase();
    const init: RequestInit = {
      method,
      headers: this.#nodeHeaders().real(),
      signal: this.signal,
    };
    if (method !== 'GET' && method !== 'HEAD')
      init.body = (this.#options.body ?? new Uint8Array()) as Uint8Array<ArrayBuffer>;
    return (this.#real = new Request(this.url, init));
  }
}
const requestPrototype = NodeRequest.prototype as unknown as Record<string, unknown>;
for (const key of [
  'body',
  'bodyUsed',
  'cache',
  'credentials',
  'destination',
  'duplex',
  'integrity',
  'keepalive',
  'mode',
  'redirect',
  'referrer',
  'referrerPolicy',
] as const) {
  Object.defineProperty(requestPrototype, key, {
    get(this: NodeRequest) {
      return (this.real() as unknown as Record<string, unknown>)[key];
    },
    configurable: true,
  });
}
for (const key of ['arrayBuffer', 'blob', 'bytes', 'clone', 'formData', 'json', 'text'] as const) {
  Object.defineProperty(requestPrototype, key, {
    value(this: NodeRequest) {
      const request = this.real() as unknown as Record<string, () => unknown>;
      return request[key]!.call(request);
    },
    writable: true,
    configurable: true,
  });
}
Object.setPrototypeOf(requestPrototype, Request.prototype);

export function createNodeRequest(req: IncomingMessage, options: NodeRequestOptions = {}): Request {
  return new NodeRequest(req, options) as unknown as Request;
}
