/**
 * What a user's Vite app ships, built with Vite's JS API and loaded in Chromium (issue 18 items
 * 5 and 6): the development warning fires in a Vite-built page (it never did: `typeof process`
 * is `'undefined'` in every browser, and Vite replaces `process.env.NODE_ENV`, not `typeof`), and
 * the devtools are development-only (a production build renders nothing and ships no panel code,
 * while `@quickbi-embed/react/devtools/production` opts in).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test-support/chromium.js';

// Inside the repository, so the pages resolve the workspace packages as an app's imports would.
const work = mkdtempSync(resolve('node_modules/.cache/vite-builds-'));
let browser: Browser;
afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});
beforeAll(async () => {
  browser = await launchChromium();
});

type Mode = 'development' | 'production';

/** Builds `main.js` into a page as `vite build --mode <mode>` does, returning its output dir. */
async function buildPage(name: string, mode: Mode, main: string): Promise<string> {
  const root = join(work, `${name}-${mode}`);
  const outDir = join(root, 'dist');
  rmSync(root, { recursive: true, force: true });
  for (const [file, text] of Object.entries({
    'index.html':
      '<!doctype html><div id="app"></div><script type="module" src="./main.js"></script>',
    'main.js': main,
  })) {
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, file), text);
  }
  // Vite takes NODE_ENV from the environment when set (Vitest sets `test`): as a shell would.
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = mode;
  try {
    await build({
      root,
      mode,
      configFile: false,
      logLevel: 'silent',
      resolve: {
        conditions: ['@quickbi-embed/source', 'module', 'browser', 'development|production'],
      },
      build: { outDir, emptyOutDir: true, minify: mode === 'production' },
    });
  } finally {
    process.env.NODE_ENV = before;
  }
  return outDir;
}

/** Every JavaScript file of a build, concatenated: what the app ships, lazy chunks included. */
function shipped(outDir: string): string {
  const assets = join(outDir, 'assets');
  return readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(assets, f), 'utf8'))
    .join('\n');
}

/** Serves a build on 127.0.0.1; POSTs under /api answer an HTML 404 (no handler mounted there). */
async function serve(outDir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method === 'POST') {
      res.writeHead(404, { 'content-type': 'text/html' });
      return res.end('<!doctype html><title>404</title>');
    }
    const path = join(outDir, req.url === '/' ? 'index.html' : req.url!.split('?')[0]!);
    try {
      const body = readFileSync(path);
      res.writeHead(200, {
        'content-type': path.endsWith('.js') ? 'text/javascript' : 'text/html',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

async function open(outDir: string) {
  const site = await serve(outDir);
  const page = await browser.newPage();
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  await page.goto(site.url);
  return {
    page,
    warnings,
    close: async () => {
      await page.close();
      await site.close();
    },
  };
}

// A plain page: the adapter's baseUrl misses the mount path, so the page's own server answers.
const MOUNT_PAGE = `
import { createHttpAdapter } from '@quickbi-embed/core';
import { mountQuickBIReport } from '@quickbi-embed/core/mount';
mountQuickBIReport(document.getElementById('app'), {
  adapter: createHttpAdapter({ baseUrl: '/api/quickbi' }),
  worksId: 'dash-sales-0001',
  title: 'Sales',
  recoveries: 0,
});
`;

describe('the development warning in a Vite-built page', () => {
  it('warns once with the code and shows the server’s message in a development build', async () => {
    const site = await open(await buildPage('mount', 'development', MOUNT_PAGE));
    try {
      const alert = site.page.getByRole('alert');
      await alert.waitFor({ timeout: 15_000 });
      expect(await alert.textContent()).toContain('This site’s report server is misconfigured.');
      expect(await alert.textContent()).toContain('is baseUrl "/api/quickbi" where');
      await expect
        .poll(() => site.warnings.join('\n'), { timeout: 15_000 })
        .toContain('[quickbi-embed] NOT_FOUND');
    } finally {
      await site.close();
    }
  });

  it('stays quiet in a production build, which ships no warning', async () => {
    const outDir = await buildPage('mount', 'production', MOUNT_PAGE);
    expect(shipped(outDir)).not.toContain('[quickbi-embed]');
    const site = await open(outDir);
    try {
      const alert = site.page.getByRole('alert');
      await alert.waitFor({ timeout: 15_000 });
      expect(await alert.textContent()).toContain('This site’s report server is misconfigured.');
      expect(await alert.textContent()).not.toContain('baseUrl');
      expect(site.warnings).toEqual([]);
    } finally {
      await site.close();
    }
  });
});

const devtoolsPage = (entry: string) => `
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { createHttpAdapter } from '@quickbi-embed/core';
import { QuickBIProvider } from '@quickbi-embed/react';
import { QuickBIDevtools } from '${entry}';
createRoot(document.getElementById('app')).render(
  h(QuickBIProvider, { adapter: createHttpAdapter() },
    h('p', null, 'app'),
    h(QuickBIDevtools, { initialOpen: true })),
);
`;

describe('devtools in a Vite-built page', () => {
  it('a production build renders nothing and ships no panel code', async () => {
    const outDir = await buildPage(
      'devtools',
      'production',
      devtoolsPage('@quickbi-embed/react/devtools'),
    );
    const code = shipped(outDir);
    expect(code).not.toContain('Quick BI devtools');
    expect(code).not.toContain('expires in');
    const site = await open(outDir);
    try {
      await site.page.getByText('app').waitFor({ timeout: 15_000 });
      expect(await site.page.locator('[data-quickbi-devtools]').count()).toBe(0);
    } finally {
      await site.close();
    }
  });

  it('a development build shows the panel', async () => {
    const outDir = await buildPage(
      'devtools',
      'development',
      devtoolsPage('@quickbi-embed/react/devtools'),
    );
    const site = await open(outDir);
    try {
      await site.page
        .getByRole('region', { name: 'Quick BI devtools' })
        .waitFor({ timeout: 15_000 });
    } finally {
      await site.close();
    }
  });

  it('the production opt-in shows it in a production build', async () => {
    const outDir = await buildPage(
      'devtools-opt-in',
      'production',
      devtoolsPage('@quickbi-embed/react/devtools/production'),
    );
    expect(shipped(outDir)).toContain('Quick BI devtools');
    const site = await open(outDir);
    try {
      await site.page
        .getByRole('region', { name: 'Quick BI devtools' })
        .waitFor({ timeout: 15_000 });
    } finally {
      await site.close();
    }
  });
});

/**
 * Our modules as a page loads them without a bundler: one ES module in which nothing replaced
 * `process.env.NODE_ENV` (rolldown with no `define`), and no `process` in the page.
 */
async function unbundledPage(name: string, head: string): Promise<string> {
  const require = createRequire(resolve('package.json'));
  const { rolldown } = (await import(
    createRequire(require.resolve('vite')).resolve('rolldown')
  )) as {
    rolldown(options: object): Promise<{
      generate(options: object): Promise<{ output: [{ code: string }] }>;
      close(): Promise<void>;
    }>;
  };
  const outDir = join(work, name);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'in.js'), MOUNT_PAGE);
  // `neutral`: for `browser` rolldown defines NODE_ENV itself, as a bundler would.
  const bundle = await rolldown({
    input: join(outDir, 'in.js'),
    platform: 'neutral',
    resolve: {
      conditionNames: ['@quickbi-embed/source', 'import', 'module', 'browser', 'default'],
    },
    logLevel: 'silent',
  });
  const { output } = await bundle.generate({ format: 'es', codeSplitting: false });
  await bundle.close();
  expect(output[0].code).toContain('return process.env.NODE_ENV !== "production"');
  writeFileSync(join(outDir, 'main.js'), output[0].code);
  writeFileSync(
    join(outDir, 'index.html'),
    `<!doctype html>${head}<div id="app"></div><script type="module" src="/main.js"></script>`,
  );
  return outDir;
}

describe('an unbundled page', () => {
  it('loads without a `process` and stays quiet (production)', async () => {
    const site = await open(await unbundledPage('unbundled-quiet', ''));
    try {
      const alert = site.page.getByRole('alert');
      await alert.waitFor({ timeout: 15_000 });
      expect(await alert.textContent()).toContain('This site’s report server is misconfigured.');
      expect(site.warnings).toEqual([]);
    } finally {
      await site.close();
    }
  });

  it('warns once it declares development', async () => {
    const site = await open(
      await unbundledPage(
        'unbundled-dev',
        "<script>globalThis.process = { env: { NODE_ENV: 'development' } }</script>",
      ),
    );
    try {
      await site.page.getByRole('alert').waitFor({ timeout: 15_000 });
      await expect
        .poll(() => site.warnings.join('\n'), { timeout: 15_000 })
        .toContain('[quickbi-embed] NOT_FOUND');
    } finally {
      await site.close();
    }
  });
});
