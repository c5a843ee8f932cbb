// The examples check (issue 11): each app in examples/ is installed with npm from our `pnpm pack`
// tarballs (never workspace links), built with no AccessKey in the environment, started against
// the emulator, and checked in Chromium directly and behind a proxy. Prints one line per result,
// the install/build/check times, and writes the counts for scripts/test.mjs.
//
//   pnpm examples [next-app-router] [next-pages-router] [react-router] [vite-spa-dev] [vite-express]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@quickbi-embed/emulator';
import { launchChromium } from '../test-support/chromium.js';
import { checkApp } from './examples/browserCheck.js';
import { EXAMPLES } from './examples/apps.js';
import { checkFeatures } from './examples/featureChecks.js';
import { checkReadme } from './examples/readme.js';
import {
  copyExample,
  examplesNpmCache,
  installExample,
  missingPackedFiles,
  packPackages,
  serverCodeInBrowserBundle,
  startApp,
} from './examples/steps.js';
import { startProxy } from './examples/proxy.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv.slice(2);
const results: { label: string; ok: boolean }[] = [];
const times: string[] = [];

function report(label: string, ok: boolean, detail = '') {
  results.push({ label, ok });
  console.log(`examples: ${ok ? 'ok    ' : 'FAILED'} ${label}${detail ? ` (${detail})` : ''}`);
}

async function timed<T>(label: string, run: () => Promise<T> | T): Promise<T> {
  const started = Date.now();
  console.log(`examples: ${label} …`);
  try {
    return await run();
  } finally {
    const s = ((Date.now() - started) / 1000).toFixed(1);
    times.push(`${label} ${s} s`);
    console.log(`examples: ${label} done in ${s} s`);
  }
}

const work = mkdtempSync(join(tmpdir(), 'qbi-examples-'));
const npmCache = examplesNpmCache(root);
const started = Date.now();
const readme = checkReadme(root);
report('README quick start equals the example files', readme.ok, readme.detail);
try {
  const tarballs = await timed('build and pack the packages', () =>
    packPackages(root, join(work, 'tarballs')),
  );
  const missing = missingPackedFiles(tarballs);
  report(
    'every packed package ships LICENSE and README',
    missing.length === 0,
    missing.length ? `missing ${missing.join(', ')}` : Object.keys(tarballs).join(', '),
  );
  const browser = await launchChromium();
  try {
    for (const example of EXAMPLES.filter((e) => only.length === 0 || only.includes(e.name))) {
      const dir = copyExample(root, example.name, work);
      const installed = await timed(`${example.name}: npm install`, () =>
        installExample(dir, tarballs, npmCache),
      );
      report(`${example.name}: installs from the packed tarballs`, installed.ok, installed.detail);
      if (!installed.ok) continue;
      const built = await timed(`${example.name}: build (no AccessKey)`, () => example.build(dir));
      report(`${example.name}: ${example.buildLabel}`, built.ok, built.detail);
      if (!built.ok) continue;
      const leaked = serverCodeInBrowserBundle(join(dir, example.browserBundle));
      report(
        `${example.name}: no server code in the browser bundle`,
        leaked.length === 0,
        leaked.length ? leaked.join(', ') : example.browserBundle,
      );

      const emulator = await startEmulator({ port: 0, refreshIntervalMs: 1000 });
      const app = await startApp(dir, example, emulator, root);
      const proxy = app.ok ? await startProxy(app.port) : undefined;
      try {
        report(`${example.name}: starts against the emulator`, app.ok, app.detail);
        if (app.ok && proxy)
          await timed(`${example.name}: Chromium checks`, () =>
            checkApp(
              browser,
              emulator,
              {
                url: app.url,
                proxyUrl: proxy.url,
                ...(example.extraTicketRoutes
                  ? { extraTicketRoutes: example.extraTicketRoutes }
                  : {}),
                ...(example.prefetched ? { prefetched: true } : {}),
                ...(example.revalidateLink ? { revalidateLink: example.revalidateLink } : {}),
              },
              (label, ok, detail) => report(`${example.name}: ${label}`, ok, detail),
            ).catch((error: unknown) =>
              report(`${example.name}: Chromium checks`, false, String(error).slice(0, 500)),
            ),
          );
        if (app.ok && example.features)
          await timed(`${example.name}: filter, plain page and sign-out checks`, async () => {
            for (const [base, where] of [
              [app.url, ''],
              [proxy!.url, 'behind the proxy: '],
            ] as const)
              await checkFeatures(browser, emulator, base, (l, ok, d) =>
                report(`${example.name}: ${where}${l}`, ok, d),
              ).catch((error: unknown) =>
                report(
                  `${example.name}: ${where}feature checks`,
                  false,
                  String(error).slice(0, 500),
                ),
              );
          });
      } finally {
        await proxy?.stop();
        await app.stop();
        await emulator.stop();
      }
    }
  } finally {
    await browser.close();
  }
} catch (error) {
  report('examples check', false, String(error));
} finally {
  rmSync(work, { recursive: true, force: true });
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`examples: times: ${times.join('; ')}`);
console.log(`examples: total ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`examples: ${passed} passed, ${failed} failed`);
mkdirSync(join(root, '.vitest-results'), { recursive: true });
writeFileSync(
  join(root, '.vitest-results/examples.json'),
  JSON.stringify({ passed, failed, failures: results.filter((r) => !r.ok).map((r) => r.label) }),
);
process.exit(failed === 0 && results.length > 0 ? 0 : 1);
