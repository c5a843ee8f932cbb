#!/usr/bin/env node
// The `quickbi-emulator` bin: a committed launcher for the built CLI (dist/cli.js), so the bin
// exists from a fresh clone on (pnpm links bins at install, before any build).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    'quickbi-emulator: not built yet. Run `pnpm --filter @quickbi-embed/emulator build`, ' +
      'or `pnpm emulator` at the repository root (runs the source).\n',
  );
  process.exit(1);
}
await import(cli.href);
