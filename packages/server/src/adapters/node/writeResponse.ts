import type { ServerResponse } from 'node:http';
import { jsonAnswerOf } from '../../handler/fastPath.js';

/** Writes a Web `Response` to a node:http response, streaming its body. */
export async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const answer = jsonAnswerOf(response);
  if (answer !== undefined) {
    // Our handler's JSON answer, never built as an undici Response: straight to the socket.
    const headers: Record<string, string> = answer.headers;
    const extra: Record<string, string> = {
      'content-length': String(Buffer.byteLength(answer.text)),
    };
    if (res.req && !res.req.complete) extra.connection = 'close';
    res.writeHead(answer.status, { ...headers, ...extra });
    res.end(answer.text);
    return;
  }
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  // An answer sent before the request body was read (413, 415, …) leaves the rest of that body on
  // the socket, where it would stall the next request of a keep-alive connection: close it.
  if (res.req && !res.req.complete) headers.connection = 'close';
  res.writeHead(response.status, response.statusText || undefined, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise<void>((resolve) => res.once('drain', resolve));
    }
  } finally {
    res.end();
  }
}
