import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * What Next.js's Pages Router does around `pages/api/*` before calling the route's default export
 * (next/dist/server/api-utils/node: `apiResolver` + `parseBody`): unless the route exports
 * `config.api.bodyParser = false`, it reads the whole stream and sets `req.body` to the parsed
 * JSON (`{}` for an empty body) for application/json, an object for urlencoded, and the text for
 * anything else; a body that is not JSON it answers 400 itself.
 */
export function nextApiRoute(route: Listener, config: { bodyParser?: boolean } = {}): Listener {
  return async (req, res) => {
    if (config.bodyParser !== false && !(req as { body?: unknown }).body) {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      const type = (req.headers['content-type'] ?? 'text/plain').split(';')[0]!.trim();
      let body: unknown = text;
      if (type === 'application/json' || type === 'application/ld+json') {
        try {
          body = text.length === 0 ? {} : JSON.parse(text);
        } catch {
          res.writeHead(400, { 'content-type': 'text/plain' }).end('Invalid JSON');
          return;
        }
      } else if (type === 'application/x-www-form-urlencoded') body = parseQuery(text);
      (req as { body?: unknown }).body = body;
    }
    await route(req, res);
  };
}
