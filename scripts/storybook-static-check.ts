/**
 * Runs every story of the static Storybook (`storybook-static/`, from `pnpm build-storybook`)
 * served by a plain file server (`python3 -m http.server` on 127.0.0.1, a free port) at the origin
 * root and again under `/storybook/` (a GitHub Pages project site), each in Chromium, and waits for Storybook's own verdict: STORY_FINISHED with status `success` means the
 * story rendered and its play function's assertions passed. No backend runs: the emulator and
 * the server handler run in the page (stories/browserWorld.ts).
 *
 *   pnpm exec tsx scripts/storybook-static-check.ts [--build] [--dir storybook-static] [--only id]
 *     [--base / --base /storybook/]   (where the directory is served; default both)
 *     [--url http://127.0.0.1:6006]   (a running Storybook instead of the static directory)
 *
 * Prints one line per story and a summary with the count and the time; exits 1 on any failure.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test-support/chromium.js';

const { values } = parseArgs({
  options: {
    build: { type: 'boolean', default: false },
    dir: { type: 'string', default: 'storybook-static' },
    only: { type: 'string' },
    // Paths the directory is served under: the origin root, and a sub-path as on GitHub Pages.
    base: { type: 'string', multiple: true, default: ['/', '/storybook/'] },
    // A running Storybook instead of serving --dir (e.g. `pnpm storybook`).
    url: { type: 'string' },
    // Stories run in this many browser contexts at once (each has its own service worker).
    workers: { type: 'string', default: '2' },
  },
});
const STORY_TIMEOUT_MS = 60_000;
const started = Date.now();

if (values.build) {
  const r = spawnSync('pnpm', ['build-storybook', '--quiet', '--output-dir', values.dir], {
    stdio: 'inherit',
    env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' },
  });
  if (r.status !== 0) process.exit(1);
}
const built = Date.now();

interface IndexEntry {
  id: string;
  type: 'story' | 'docs';
  title: string;
  name: string;
}
// Each base URL the stories run under (a running Storybook: its own URL only).
const servers = values.url
  ? [{ url: new URL(values.url).origin + '/', stop: () => {} }]
  : await Promise.all(values.base.map((base) => serveUnder(values.dir, base)));
const index = (
  values.url
    ? await (await fetch(`${servers[0]!.url}index.json`)).json()
    : JSON.parse(readFileSync(`${values.dir}/index.json`, 'utf8'))
) as { entries: Record<string, IndexEntry> };
const stories = Object.values(index.entries).filter(
  (e) => e.type === 'story' && (!values.only || e.id === values.only),
);
const docs = Object.values(index.entries).filter((e) => e.type === 'docs');

/**
 * Serves `dir` so that it appears at `base` (`/` or `/storybook/`): a sub-path is a directory
 * holding a link to it, as a GitHub Pages project site puts the site under its repository's name.
 */
async function serveUnder(dir: string, base: string): Promise<{ url: string; stop(): void }> {
  const segments = base.split('/').filter(Boolean);
  if (segments.length === 0) {
    const server = await serve(dir);
    return { url: `${server.origin}/`, stop: server.stop };
  }
  const root = mkdtempSync(join(tmpdir(), 'qbi-storybook-'));
  mkdirSync(join(root, ...segments.slice(0, -1)), { recursive: true });
  symlinkSync(resolve(dir), join(root, ...segments), 'dir');
  const server = await serve(root);
  return {
    url: `${server.origin}/${segments.join('/')}/`,
    stop: () => {
      server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** `python3 -m http.server 0` picks a free port and prints it. */
function serve(dir: string): Promise<{ origin: string; stop(): void }> {
  const child = spawn('python3', ['-m', 'http.server', '0', '--bind', '127.0.0.1', '-d', dir], {
    // Its request log goes to stderr: ignored, or a full pipe would stall the server.
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /port (\d+)/.exec(out);
      if (m) {
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve({ origin: `http://127.0.0.1:${m[1]}`, stop: () => child.kill() });
      }
    };
    child.stdout.on('data', onData);
    child.on('exit', (code) => reject(new Error(`http.server exited (${code}): ${out}`)));
  });
}

// Collects Storybook's channel events in the page, before any of its scripts run.
const LISTEN = `(() => {
  const events = (window.__qbiEvents = []);
  const timer = setInterval(() => {
    const channel = window.__STORYBOOK_ADDONS_CHANNEL__;
    if (!channel) return;
    clearInterval(timer);
    for (const name of ['storyFinished', 'playFunctionThrewException', 'storyThrewException', 'storyErrored', 'storyMissing']) {
      channel.on(name, (payload) => events.push({ name, payload }));
    }
  }, 5);
})();`;

interface Outcome {
  id: string;
  ok: boolean;
  ms: number;
  detail: string;
}

async function runStory(browser: Browser, base: string, story: IndexEntry): Promise<Outcome> {
  const t0 = Date.now();
  // A context per story: its own service worker, its own in-page emulator, nothing shared.
  const context = await browser.newContext();
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.addInitScript(LISTEN);
  try {
    await page.goto(`${base}iframe.html?id=${encodeURIComponent(story.id)}&viewMode=story`);
    const handle = await page.waitForFunction(
      () => {
        const w = window as unknown as { __qbiEvents?: Array<{ name: string; payload: unknown }> };
        return w.__qbiEvents?.find((e) => e.name === 'storyFinished' || e.name === 'storyMissing')
          ? w.__qbiEvents
          : null;
      },
      undefined,
      { timeout: STORY_TIMEOUT_MS, polling: 100 },
    );
    const events = (await handle.jsonValue()) as Array<{ name: string; payload: unknown }>;
    const finished = events.find((e) => e.name === 'storyFinished')?.payload as
      { status: string } | undefined;
    const failure = events.find((e) => e.name !== 'storyFinished');
    const ok = finished?.status === 'success' && !failure;
    const detail = ok
      ? ''
      : JSON.stringify(failure?.payload ?? finished ?? 'no verdict').slice(0, 600) +
        (consoleErrors.length ? `\n      console: ${consoleErrors.slice(-3).join(' | ')}` : '');
    return { id: story.id, ok, ms: Date.now() - t0, detail };
  } catch (error) {
    const text = await page
      .locator('#storybook-root')
      .innerText()
      .catch(() => '');
    return {
      id: story.id,
      ok: false,
      ms: Date.now() - t0,
      detail: `${error instanceof Error ? error.message.split('\n')[0] : String(error)}; root: "${text.slice(0, 300)}"; console: ${consoleErrors.slice(-3).join(' | ')}`,
    };
  } finally {
    await context.close();
  }
}

const browser = await launchChromium();
const outcomes: Outcome[] = [];
/** The story id, with the sub-path it ran under when it is not the root. */
const label = (id: string, base: string) => {
  const path = new URL(base).pathname;
  return path === '/' ? id : `${path} ${id}`;
};
try {
  for (const { url: base } of servers) {
    // Docs pages render too: open each and require its content, not an error.
    for (const entry of docs) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const t0 = Date.now();
      await page.goto(`${base}iframe.html?id=${entry.id}&viewMode=docs`);
      const ok = await page
        .locator('.sbdocs-content')
        .first()
        .waitFor({ timeout: 30_000 })
        .then(() => true)
        .catch(() => false);
      const id = label(entry.id, base);
      outcomes.push({ id, ok, ms: Date.now() - t0, detail: ok ? '' : 'no docs content' });
      await context.close();
    }
    const queue = [...stories];
    const workers = Math.max(1, Number(values.workers));
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let story = queue.shift(); story; story = queue.shift()) {
          const outcome = await runStory(browser, base, story);
          outcome.id = label(outcome.id, base);
          outcomes.push(outcome);
          console.log(
            `${outcome.ok ? 'ok  ' : 'FAIL'} ${outcome.id} (${(outcome.ms / 1000).toFixed(1)} s)${outcome.detail ? `\n      ${outcome.detail}` : ''}`,
          );
        }
      }),
    );
  }
} finally {
  await browser.close();
  for (const server of servers) server.stop();
}

const failed = outcomes.filter((o) => !o.ok);
const seconds = (ms: number) => (ms / 1000).toFixed(1);
console.log(
  `\nstatic storybook: ${stories.length} stories, ${docs.length} docs pages, under ${servers.map((x) => new URL(x.url).pathname).join(' and ')}: ${outcomes.length - failed.length} passed, ${failed.length} failed; ` +
    `${seconds(Date.now() - built)} s in Chromium` +
    (values.build ? ` (+${seconds(built - started)} s build)` : ''),
);
for (const f of failed) console.log(`  failed: ${f.id}`);
process.exit(failed.length === 0 ? 0 : 1);
