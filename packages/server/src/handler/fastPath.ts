/**
 * A side channel between the handler and our own node:http adapter, so a cache hit skips two Web
 * stream round trips: the adapter hands over the request body it already buffered (bounded by the
 * handler's limit), and reads the answer's JSON text back without draining a stream. Requests and
 * responses from anywhere else take the ordinary stream path.
 */
const requestBodies = new WeakMap<Request, Uint8Array>();
const responseTexts = new WeakMap<Response, string>();

export const MAX_BODY_BYTES = Symbol.for('quickbi-embed.maxBodyBytes');

export function attachRequestBody(request: Request, body: Uint8Array): void {
  requestBodies.set(request, body);
}

export function takeRequestBody(request: Request): Uint8Array | undefined {
  return requestBodies.get(request);
}

export function attachResponseText(response: Response, text: string): Response {
  responseTexts.set(response, text);
  return response;
}

export function responseTextOf(response: Response): string | undefined {
  return responseTexts.get(response);
}
