import type { ServerResponse } from 'node:http';
import { responseTextOf } from '../../handler/fastPath.js';

/** Writes a Web `Response` to a node:http response, streaming its body. */
export async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
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
  const text = responseTextOf(response);
  if (text !== undefined) {
    res.end(text);
    return;
  }
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
