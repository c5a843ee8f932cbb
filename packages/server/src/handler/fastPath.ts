/**
 * A side channel between the handler and our own node:http adapter, so a cache hit builds no Web
 * stream, no `Headers` and no undici `Request`/`Response`:
 * - the adapter hands over the request body it already buffered (bounded by the handler's limit);
 * - `jsonResponse` answers with a lazy JSON response: a `Response` (same prototype chain, every
 *   property and method) that keeps its status, header record and JSON text as plain values and
 *   builds the real undici `Response` only when something other than the adapter reads it (a
 *   fetch runtime, Next.js, a test). The adapter writes the text straight to the socket.
 * Requests and responses from anywhere else take the ordinary path. Edge-safe: Web globals only.
 */
const requestBodies = new WeakMap<Request, Uint8Array>();

/** The request's path as the adapter already knows it (no URL parsed): see `pathnameOf`. */
export const PATHNAME = Symbol('quickbi-embed.pathname');

/**
 * The request's URL path: the adapter's own reading when it has one (a plain path, which a URL
 * parse would answer unchanged), else `new URL(request.url).pathname`.
 */
export function pathnameOf(request: Request): string {
  const known = (request as { [PATHNAME]?: string | undefined })[PATHNAME];
  return known ?? new URL(request.url).pathname;
}

export const MAX_BODY_BYTES = Symbol.for('quickbi-embed.maxBodyBytes');

export function attachRequestBody(request: Request, body: Uint8Array): void {
  requestBodies.set(request, body);
}

export function takeRequestBody(request: Request): Uint8Array | undefined {
  return requestBodies.get(request);
}

/** What the node adapter writes for a lazy JSON response: no Web objects involved. */
export interface JsonAnswer {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  text: string;
}

/**
 * Every cheap read is answered from the plain values; everything else (body, headers, json(),
 * clone(), …) from the real `Response`, built once on first use. Its prototype chain ends in
 * `Response.prototype`, so `instanceof Response` holds.
 */
class LazyJsonResponse {
  readonly answer: JsonAnswer;
  built: Response | undefined = undefined;
  constructor(answer: JsonAnswer) {
    this.answer = answer;
  }
  real(): Response {
    return (this.built ??= new Response(this.answer.text, {
      status: this.answer.status,
      headers: this.answer.headers,
    }));
  }
  get status(): number {
    return this.answer.status;
  }
  get ok(): boolean {
    return this.answer.status >= 200 && this.answer.status < 300;
  }
}
const lazyPrototype = LazyJsonResponse.prototype as unknown as Record<string, unknown>;
for (const key of [
  'statusText',
  'headers',
  'body',
  'bodyUsed',
  'type',
  'url',
  'redirected',
] as const) {
  Object.defineProperty(lazyPrototype, key, {
    get(this: LazyJsonResponse) {
      return this.real()[key];
    },
    configurable: true,
  });
}
for (const key of ['arrayBuffer', 'blob', 'bytes', 'formData', 'json', 'text', 'clone'] as const) {
  Object.defineProperty(lazyPrototype, key, {
    value(this: LazyJsonResponse) {
      const response = this.real() as unknown as Record<string, () => unknown>;
      return response[key]!.call(response);
    },
    writable: true,
    configurable: true,
  });
}
Object.setPrototypeOf(lazyPrototype, Response.prototype);

/** A `Response` with a JSON text body, whose real undici object is built only if read. */
export function createJsonResponse(
  status: number,
  headers: Record<string, string>,
  text: string,
): Response {
  return new LazyJsonResponse({ status, headers, text }) as unknown as Response;
}

/**
 * The plain answer of a lazy JSON response nobody has read yet, for the node adapter. Once the
 * real `Response` exists (something read its headers or body), the adapter writes that instead:
 * whatever was done to it shows.
 */
export function jsonAnswerOf(response: Response): JsonAnswer | undefined {
  return response instanceof LazyJsonResponse && response.built === undefined
    ? response.answer
    : undefined;
}
