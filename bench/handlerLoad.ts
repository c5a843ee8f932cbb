/**
 * The load generator of the handler benchmark, run in a worker thread so it never shares the
 * servers' event loop. Plain JavaScript (eval'd): `concurrency` keep-alive connections, each sending
 * the next request as soon as the previous answer has been read, for `durationMs`.
 */
export const LOAD_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, body, headers, concurrency, durationMs } = workerData;
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
  parentPort.postMessage({ ok, failed, elapsedMs: Date.now() - started });
});
`;

export interface LoadResult {
  ok: number;
  failed: number;
  elapsedMs: number;
}
