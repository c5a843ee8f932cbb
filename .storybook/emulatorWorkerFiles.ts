/**
 * Serves (dev) and emits (build) the two service-worker scripts the in-browser emulator needs at
 * the root of the Storybook origin: msw's worker and the emulator's, which imports it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const require = createRequire(import.meta.url);

const FILES: Record<string, string> = {
  'mockServiceWorker.js': require.resolve('msw/mockServiceWorker.js'),
  'quickbi-emulator-sw.js': fileURLToPath(
    new URL('../packages/emulator/src/browser/quickbi-emulator-sw.js', import.meta.url),
  ),
};

export function emulatorWorkerFiles(): Plugin {
  return {
    name: 'quickbi-emulator-worker-files',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = (req.url ?? '').split('?')[0]!.slice(1);
        const file = FILES[name];
        if (!file) return next();
        res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
        res.end(readFileSync(file));
      });
    },
    generateBundle() {
      for (const [fileName, file] of Object.entries(FILES)) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(file, 'utf8') });
      }
    },
  };
}
