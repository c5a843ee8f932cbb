// Issue 11, item 1: "own origin" is what the browser reached the app at (Host, or a trusted
// proxy's forwarded headers), with scheme, host and port compared. Over real HTTP: the handler on
// node:http, real proxies (a TLS-terminating one, Vite's dev proxy) and Next.js's request shape.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createServer as createViteServer } from 'vite';
import type { QuickBIHandlerOptions } from '@quickbi-embed/server';
import { toNodeHandler } from '@quickbi-embed/server/node';
import { closeServer, listenOnLoopback, setupEmulator, testHandler } from './support/harness.js';

const emulator = setupEmulator();
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

async function listen(server: Server): Promise<number> {
  await listenOnLoopback(server);
  closers.push(() => closeServer(server));
  return (server.address() as AddressInfo).port;
}

function handlerWith(options: Partial<QuickBIHandlerOptions> = {}) {
  return testHandler(emulator, options);
}

/** The handler on node:http, as `toNodeHandler` mounts it. */
async function serve(options: Partial<QuickBIHandlerOptions> = {}): Promise<number> {
  return listen(createServer(toNodeHandler(handlerWith(options))));
}

/** A raw POST /api/quickbi/ticket to 127.0.0.1:port with exactly these headers (Host included). */
function post(
  port: number,
  headers: Record<string, string>,
): Promise<{ status: number; code?: string; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/quickbi/ticket',
        headers: {
          'content-type': 'application/json',
          'x-quickbi-embed-contract': '1',
          'x-test-user': 'bob',
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => {
          let code: string | undefined;
          try {
            code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
          } catch {
            code = undefined;
          }
          resolve({ status: res.statusCode ?? 0, ...(code ? { code } : {}), headers: res.headers });
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ worksId: 'dash-sales-0001' }));
  });
}

describe('own origin from Host: scheme, host and port', () => {
  it('accepts a page opened at localhost or 127.0.0.1, whichever the browser used', async () => {
    const port = await serve();
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
      const ok = await post(port, { host, origin: `http://${host}` });
      expect(ok.status, host).toBe(200);
      expect(ok.headers['access-control-allow-origin']).toBe(`http://${host}`);
    }
    // The other name is another origin (and so is the other port).
    expect(
      (await post(port, { host: `localhost:${port}`, origin: `http://127.0.0.1:${port}` })).code,
    ).toBe('FORBIDDEN_ORIGIN');
    expect(
      (await post(port, { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:1` })).code,
    ).toBe('FORBIDDEN_ORIGIN');
  });

  it('accepts a custom Host with its port, and compares scheme and port', async () => {
    const port = await serve();
    const host = 'reports.example.test:8080';
    expect((await post(port, { host, origin: 'http://reports.example.test:8080' })).status).toBe(
      200,
    );
    expect((await post(port, { host, origin: 'http://reports.example.test' })).code).toBe(
      'FORBIDDEN_ORIGIN',
    );
    expect((await post(port, { host, origin: 'https://reports.example.test:8080' })).code).toBe(
      'FORBIDDEN_ORIGIN',
    );
    // An IPv6 literal, bracketed as browsers write it.
    expect(
      (await post(port, { host: `[::1]:${port}`, origin: `http://[::1]:${port}` })).status,
    ).toBe(200);
    // Default ports are the same origin written two ways.
    expect(
      (await post(port, { host: 'reports.example.test:80', origin: 'http://reports.example.test' }))
        .status,
    ).toBe(200);
  });

  it('answers a malformed Host with 400 BAD_HOST before any upstream call', async () => {
    const port = await serve();
    const before = emulator.stats().totalCalls;
    for (const host of [
      'evil.test@app.example.test',
      'a b.test',
      'app.example.test:99999',
      'x:1:2',
    ]) {
      const answer = await post(port, { host, origin: 'http://app.example.test' });
      expect(answer.status, host).toBe(400);
      expect(answer.code, host).toBe('BAD_HOST');
    }
    expect(emulator.stats().totalCalls).toBe(before);
  });
});

/** A TLS-terminating proxy: the browser speaks https to it; it forwards plain http. */
async function tlsProxy(targetPort: number, style: 'x-forwarded' | 'forwarded'): Promise<number> {
  const proxy = createServer((req, res) => {
    const headers: Record<string, string | string[] | undefined> = {
      ...req.headers,
      host: `127.0.0.1:${targetPort}`,
    };
    if (style === 'x-forwarded') {
      headers['x-forwarded-host'] = req.headers.host;
      headers['x-forwarded-proto'] = 'https';
    } else headers.forwarded = `for=127.0.0.1;host="${req.headers.host}";proto=https`;
    const upstream = httpRequest(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  return listen(proxy);
}

describe('behind a TLS-terminating proxy', () => {
  it.each(['x-forwarded', 'forwarded'] as const)(
    'accepts the https origin when the app trusts its proxy (%s headers)',
    async (style) => {
      const proxyPort = await tlsProxy(await serve({ trustProxy: true }), style);
      const ok = await post(proxyPort, {
        host: 'app.example.test',
        origin: 'https://app.example.test',
      });
      expect(ok.status).toBe(200);
      // Scheme compared: the same host over plain http is another origin.
      const http = await post(proxyPort, {
        host: 'app.example.test',
        origin: 'http://app.example.test',
      });
      expect(http.code).toBe('FORBIDDEN_ORIGIN');
    },
  );

  it('refuses it when the app does not trust the proxy: forwarded headers are anyone’s to send', async () => {
    const proxyPort = await tlsProxy(await serve(), 'x-forwarded');
    const refused = await post(proxyPort, {
      host: 'app.example.test',
      origin: 'https://app.example.test',
    });
    expect(refused.code).toBe('FORBIDDEN_ORIGIN');
    // A client forging X-Forwarded-Host straight at an untrusting app gains nothing.
    const port = await serve();
    const forged = await post(port, {
      host: `127.0.0.1:${port}`,
      'x-forwarded-host': 'evil.example.test',
      'x-forwarded-proto': 'https',
      origin: 'https://evil.example.test',
    });
    expect(forged.code).toBe('FORBIDDEN_ORIGIN');
  });
});

describe('the node adapter’s configured origin', () => {
  it('is the origin the same-origin check compares (URL and Host alike)', async () => {
    const port = await listen(
      createServer(toNodeHandler(handlerWith(), { origin: 'https://app.example.test' })),
    );
    const inside = { host: `127.0.0.1:${port}` };
    expect((await post(port, { ...inside, origin: 'https://app.example.test' })).status).toBe(200);
    expect((await post(port, { ...inside, origin: `http://127.0.0.1:${port}` })).code).toBe(
      'FORBIDDEN_ORIGIN',
    );
  });
});

describe("Vite's dev proxy with changeOrigin", () => {
  async function viteProxy(targetPort: number, xfwd: boolean): Promise<number> {
    const root = mkdtempSync(join(tmpdir(), 'qbi-vite-'));
    const vite = await createViteServer({
      root,
      configFile: false,
      logLevel: 'silent',
      server: {
        host: '127.0.0.1',
        port: 0,
        strictPort: false,
        ws: false,
        proxy: {
          '/api': { target: `http://127.0.0.1:${targetPort}`, changeOrigin: true, xfwd },
        },
      },
    });
    await vite.listen();
    closers.push(async () => {
      await vite.close();
      rmSync(root, { recursive: true, force: true });
    });
    return (vite.httpServer?.address() as AddressInfo).port;
  }

  it('works with xfwd and trustProxy, or with the dev origin listed; not with neither', async () => {
    const trusting = await viteProxy(await serve({ trustProxy: true }), true);
    const page = { host: `localhost:${trusting}`, origin: `http://localhost:${trusting}` };
    expect((await post(trusting, page)).status).toBe(200);

    const listedPort = await viteProxy(
      await serve({ allowedOrigins: ['http://localhost:5173'] }),
      false,
    );
    expect(
      (await post(listedPort, { host: 'localhost:5173', origin: 'http://localhost:5173' })).status,
    ).toBe(200);

    const neither = await viteProxy(await serve(), false);
    const refused = await post(neither, {
      host: `localhost:${neither}`,
      origin: `http://localhost:${neither}`,
    });
    expect(refused.code).toBe('FORBIDDEN_ORIGIN');
  });
});

describe('Next.js route handlers', () => {
  it('accept their own page although Next hands them request.url = http://localhost:PORT', async () => {
    const handler = handlerWith();
    // What `next start` does: the URL says localhost whatever the browser used; headers pass as sent.
    const next = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', async () => {
        const { port } = req.socket.address() as AddressInfo;
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers))
          if (typeof value === 'string') headers.set(name, value);
        const response = await handler(
          new Request(`http://localhost:${port}${req.url}`, {
            method: req.method,
            headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(await response.text());
      });
    });
    const port = await listen(next);
    const answer = await post(port, {
      host: `127.0.0.1:${port}`,
      origin: `http://127.0.0.1:${port}`,
    });
    expect(answer.status).toBe(200);
  });
});
