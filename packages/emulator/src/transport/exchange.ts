/**
 * The smallest request/response surface the emulator's handlers use. node:http's
 * IncomingMessage/ServerResponse satisfy it as they are (the Node server passes them straight
 * through); `fetchExchange` builds one from a fetch `Request` for the browser and msw. Keeping
 * the handlers on this surface is what lets both transports share one implementation.
 */
export interface EmulatorRequest extends AsyncIterable<Uint8Array> {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** Ends the exchange without an answer (the `drop` fault). */
  socket: { destroy(): void };
  destroy(): void;
}

export interface EmulatorResponse {
  readonly headersSent: boolean;
  writeHead(status: number, headers?: Record<string, string | number>): unknown;
  end(body?: string): unknown;
}

/** Thrown by `fetchExchange` when the handler dropped the connection: fetch's network error. */
export class EmulatorDroppedConnection extends TypeError {
  constructor() {
    super('Quick BI emulator dropped the connection (injected drop fault)');
    this.name = 'EmulatorDroppedConnection';
  }
}

interface Exchange {
  req: EmulatorRequest;
  res: EmulatorResponse;
  /** Settles once the handler answered (or dropped, which rejects). */
  response: Promise<Response>;
  /** Call after the handler returned: a handler that neither answered nor dropped is a bug. */
  finish(): void;
}

/** A request/response pair over a fetch `Request`, resolved into a fetch `Response`. */
export async function fetchExchange(request: Request): Promise<Exchange> {
  const body = new Uint8Array(await request.arrayBuffer());
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  const url = new URL(request.url);
  // Over HTTP a request always carries Host (V3 signs it); fetch keeps it out of `headers`.
  headers['host'] ??= url.host;
  let settle!: (r: Response) => void;
  let fail!: (e: Error) => void;
  const response = new Promise<Response>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  let status = 200;
  let head: Record<string, string> = {};
  let sent = false;
  let done = false;
  const drop = () => {
    if (done) return;
    done = true;
    fail(new EmulatorDroppedConnection());
  };
  const req: EmulatorRequest = {
    method: request.method,
    url: url.pathname + url.search,
    headers,
    socket: { destroy: drop },
    destroy: drop,
    async *[Symbol.asyncIterator]() {
      if (body.length > 0) yield body;
    },
  };
  const res: EmulatorResponse = {
    get headersSent() {
      return sent;
    },
    writeHead(code, extra = {}) {
      status = code;
      head = Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)]));
      sent = true;
      return res;
    },
    end(text) {
      if (done) return res;
      done = true;
      // Bodies are not allowed on these statuses in a fetch Response.
      const empty = status === 204 || status === 304 || request.method === 'HEAD';
      settle(new Response(empty ? null : (text ?? ''), { status, headers: head }));
      return res;
    },
  };
  return {
    req,
    res,
    response,
    finish() {
      if (!done) {
        done = true;
        fail(new Error('emulator handler returned without answering'));
      }
    },
  };
}
