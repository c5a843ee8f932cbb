/* global self, importScripts */
/**
 * The emulator's service worker: msw's own worker plus the one thing it does not do, serving
 * navigations. msw's worker returns early for `mode: 'navigate'` requests (its fetch listener
 * bypasses them), so an <iframe> pointed at an emulator embed page would hit the network. This
 * listener, registered after msw's, answers those navigations by asking the page that runs the
 * emulator (the "host", which announced itself with QUICKBI_EMULATOR_HOST) to render them.
 *
 * Serve this file and msw's `mockServiceWorker.js` from the root of your origin (see the
 * emulator README, "In the browser").
 */
importScripts('./mockServiceWorker.js');

const HOST = 'QUICKBI_EMULATOR_HOST';
const NAVIGATE = 'QUICKBI_EMULATOR_NAVIGATE';
const ANSWER_TIMEOUT_MS = 10000;
/** Host client ids, most recent last: the page that announced itself last serves navigations. */
const hosts = [];

self.addEventListener('message', (event) => {
  if (event.data?.type !== HOST || !event.source) return;
  const id = event.source.id;
  const at = hosts.indexOf(id);
  if (at !== -1) hosts.splice(at, 1);
  hosts.push(id);
});

async function liveHost() {
  for (let i = hosts.length - 1; i >= 0; i -= 1) {
    const client = await self.clients.get(hosts[i]);
    if (client) return client;
    hosts.splice(i, 1);
  }
  return undefined;
}

function ask(client, request) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), ANSWER_TIMEOUT_MS);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      resolve(event.data);
    };
    client.postMessage({ type: NAVIGATE, request }, [channel.port2]);
  });
}

async function navigate(event) {
  const request = event.request;
  const host = await liveHost();
  const answer = host
    ? await ask(host, {
        url: request.url,
        method: request.method,
        headers: Object.fromEntries(request.headers.entries()),
      })
    : null;
  // No host, no answer, or not an emulator page: the network, as without this worker.
  if (!answer || answer.passthrough) return fetch(request);
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  // Quick BI's embed pages all end in `.htm` (Storybook's own pages end in `.html`).
  if (
    event.request.mode !== 'navigate' ||
    url.origin !== self.location.origin ||
    !url.pathname.endsWith('.htm')
  ) {
    return;
  }
  event.respondWith(navigate(event));
});
