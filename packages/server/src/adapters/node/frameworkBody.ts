import type { IncomingMessage } from 'node:http';

/** The stream was read by someone else and no `req.body` was left: nothing to read, ever. */
export const BODY_ALREADY_READ = Symbol('quickbi-embed.bodyAlreadyRead');

export const BODY_ALREADY_READ_MESSAGE =
  'The request body was already read by a body parser that left no req.body, so the embed ' +
  'server cannot see it. In a Next.js Pages Router API route, add ' +
  "`export const config = { api: { bodyParser: false } }` (or keep Next's parser: it sets " +
  'req.body); elsewhere, mount the handler before the middleware that reads the body, or use ' +
  'one that sets req.body (express.json()).';

/**
 * The body a framework already read, as bytes: Next.js's API body parser and body-parser
 * (`express.json()`, `express.text()`, `express.raw()`) set `req.body` to a parsed object, a
 * string or a Buffer once they have read the stream. `undefined`: nobody has read from the stream
 * yet (a `req.body` set without reading it, as body-parser does for other media types, is
 * ignored). A stream read from, even in part, with no `req.body` can never be read whole again:
 * BODY_ALREADY_READ, at once (waiting for its end could wait forever).
 */
export function frameworkBody(
  req: IncomingMessage,
): Uint8Array | typeof BODY_ALREADY_READ | undefined {
  if (!req.readableDidRead && !req.readableEnded) return undefined;
  const body = (req as { body?: unknown }).body;
  if (body === undefined) return BODY_ALREADY_READ;
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.from(JSON.stringify(body) ?? '', 'utf8');
}
