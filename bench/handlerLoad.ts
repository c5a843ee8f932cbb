/**
 * The child processes of the handler benchmark, plain JavaScript run with `node -e` and an IPC
 * channel. Each is its own process so that the CPU time each server spends can be read with
 * `process.cpuUsage()` apart from the load generator's.
 */

/**
 * The load generator: `concurrency` keep-alive connections, each sending the next request as soon
 * as the previous answer has been read, for `durationMs`. Config in `argv[1]` (JSON); sends one
 * `LoadResult` and exits.
 */
export const LOAD_CHILD_SOURCE = `
const http = require('node:http');
const { url, body, headers, concurrency, durationMs } = JSON.parse(process.argv[1]);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url);
let ok = 0, failed = 0;
const deadline = Date.now() + durationMs;
function one() {
  return new Promise((resolve) => {
    const req = http.request({ hostname: target.hostname, port: target.port, path: target.pathname,
      method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => { if (res.statusCode === 200) ok++; else failed++; resolve(); });
    });
    req.on('error', () => { failed++; resolve(); });
    req.end(body);
  });
}
async function loop() { while (Date.now() < deadline) await one(); }
const started = Date.now();
Promise.all(Array.from({ length: concurrency }, loop)).then(() => {
  agent.destroy();
  process.send({ ok, failed, elapsedMs: Date.now() - started }, () => process.exit(0));
});
`;

export interface LoadResult {
  ok: number;
  failed: number;
  elapsedMs: number;
}

/**
 * The Hono anchor: a Hono app on `@hono/node-server` as its users run it (it replaces the global
 * `Request` / `Response` with its lightweight ones, which must not leak into the process measuring
 * our handler). Reads the JSON body, answers JSON. Imports from the URLs in `argv[1]` (JSON);
 * sends `{ port }` once listening, answers `'cpu'` with its `process.cpuUsage()`, exits on `'close'`.
 */
export const HONO_CHILD_SOURCE = `
const http = require('node:http');
const { honoUrl, nodeServerUrl } = JSON.parse(process.argv[1]);
(async () => {
  const { Hono } = await import(honoUrl);
  const { getRequestListener } = await import(nodeServerUrl);
  const app = new Hono();
  app.post('/api/quickbi/ticket', async (c) => {
    const body = await c.req.json();
    return c.json({ hello: body.worksId ?? 'world' });
  });
  const server = http.createServer(getRequestListener(app.fetch));
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('message', (message) => {
    if (message === 'cpu') process.send({ cpu: process.cpuUsage() });
    if (message === 'close') process.exit(0);
  });
})();
`;
