// Builds every publishable package and checks what would be published:
// publint (package.json / exports correctness) and attw (types resolve for ESM and CJS consumers).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const packages = readdirSync(join(root, 'packages')).filter((name) => {
  try {
    return !JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')).private;
  } catch {
    return false;
  }
});

let failed = 0;
function step(cwd, cmd, args) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) {
    failed += 1;
    console.error(`check-packages: ${cmd} ${args.join(' ')} failed in ${cwd}`);
  }
}

for (const name of packages) {
  const dir = join(root, 'packages', name);
  console.log(`\n--- @quickbi-embed/${name}`);
  step(dir, 'pnpm', ['exec', 'tsdown', '--log-level', 'warn']);
  step(dir, 'pnpm', ['exec', 'publint', '--strict']);
  step(dir, 'pnpm', ['exec', 'attw', '--pack', '.', '--format', 'ascii']);
}
console.log(`\ncheck-packages: ${packages.length} packages, ${failed} failed steps`);
process.exit(failed ? 1 : 0);
