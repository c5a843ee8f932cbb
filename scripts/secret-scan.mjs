// Builds every browser bundle (core, react, the static Storybook) and scans them, together with every
// log and result file the test suite wrote under .vitest-results/, for the AccessKey secrets and STS
// tokens the tests use. Prints each hit and exits 1 on any (and when there was nothing to scan).
//
//   node scripts/secret-scan.mjs [--no-build]
//
// The needles are read from the repository itself: every `accessKeySecret` / `securityToken` literal
// in test, bench, demo and story sources, plus the emulator's default key, plus SECRET_SCAN_VALUES
// (comma-separated) from the environment.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const build = !process.argv.includes('--no-build');

const NEEDLE_SOURCES = ['packages', 'bench', 'demo', 'stories', 'e2e', '.storybook'];
const SKIP_DIRS = new Set(['node_modules', 'dist', 'storybook-static', '.git', 'coverage']);
const SECRET_LITERAL =
  /\b(accessKeySecret|securityToken|AccessKeySecret|SecurityToken)\s*[:=]\s*(['"`])([^'"`\n]{8,})\2/g;

function* walk(dir, skip = SKIP_DIRS) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (skip.has(name)) continue;
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) yield* walk(path, skip);
    else if (stat.isFile()) yield path;
  }
}

function collectSecrets() {
  const secrets = new Map(); // value -> where it was found
  for (const top of NEEDLE_SOURCES) {
    for (const file of walk(join(root, top))) {
      if (!/\.(m?[jt]sx?|json)$/.test(file)) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(SECRET_LITERAL)) {
        const value = m[3];
        // Template placeholders and obvious non-values are not secrets.
        if (value.includes('${') || /^(process|options|key|\w+\.\w+)$/.test(value)) continue;
        // The name of the environment variable that holds a secret (the doctor's table) is no secret.
        if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(value)) continue;
        if (!secrets.has(value)) secrets.set(value, `${m[1]} in ${relative(root, file)}`);
      }
    }
  }
  for (const value of (process.env.SECRET_SCAN_VALUES ?? '').split(',')) {
    if (value.trim().length >= 8) secrets.set(value.trim(), 'SECRET_SCAN_VALUES');
  }
  return secrets;
}

/** The forms a secret can take in a bundle or a log: as is, URL-encoded, base64. */
function forms(value) {
  return [...new Set([value, encodeURIComponent(value), Buffer.from(value).toString('base64')])];
}

function mask(value) {
  return `${value.slice(0, 4)}…(${value.length} chars)`;
}

function run(cmd, args) {
  console.log(`secret-scan: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' },
  });
  return r.status === 0;
}

let failed = false;
if (build) {
  const ok = run('pnpm', [
    '--filter',
    '@quickbi-embed/core',
    '--filter',
    '@quickbi-embed/react',
    'run',
    'build',
  ]);
  if (!ok) failed = true;
  if (existsSync(join(root, '.storybook'))) {
    if (!run('pnpm', ['exec', 'storybook', 'build', '--quiet', '--output-dir', 'storybook-static']))
      failed = true;
  }
}

const targets = [
  'packages/core/dist',
  'packages/react/dist',
  'storybook-static',
  '.vitest-results',
  'test-results',
].map((p) => join(root, p));
const files = targets.flatMap((dir) => [...walk(dir, new Set(['node_modules']))]);
const bundles = files.filter((f) => !f.includes('.vitest-results') && !f.includes('test-results'));
const logs = files.length - bundles.length;

const secrets = collectSecrets();
// The static Storybook runs the emulator in the browser with the emulator's own built-in test key
// (DEFAULT_ACCESS_KEY, published in its README): that one value is allowed there, nowhere else.
const emulatorDefault = /accessKeySecret:\s*'([^']+)'/.exec(
  readFileSync(join(root, 'packages/emulator/src/options.ts'), 'utf8'),
)?.[1];
const allowedIn = (file, value) =>
  value === emulatorDefault && relative(root, file).startsWith('storybook-static');
const hits = [];
let bytes = 0;
for (const file of files) {
  const text = readFileSync(file, 'latin1');
  bytes += text.length;
  for (const [value, origin] of secrets) {
    if (allowedIn(file, value)) continue;
    for (const needle of forms(value)) {
      let at = text.indexOf(needle);
      while (at !== -1) {
        const line = text.slice(0, at).split('\n').length;
        hits.push(`${relative(root, file)}:${line}: ${mask(value)} (${origin})`);
        at = text.indexOf(needle, at + needle.length);
      }
    }
  }
}

console.log(
  `secret-scan: ${secrets.size} secrets, ${bundles.length} bundle files + ${logs} log/result files, ${(bytes / 1024).toFixed(0)} KiB scanned`,
);
for (const [value, origin] of secrets) console.log(`  needle ${mask(value)} from ${origin}`);
if (secrets.size === 0) {
  console.error('secret-scan: found no secrets to look for; the scan would prove nothing');
  failed = true;
}
if (bundles.length === 0) {
  console.error('secret-scan: no browser bundle to scan (did the build fail?)');
  failed = true;
}
for (const hit of hits) console.error(`secret-scan: HIT ${hit}`);
console.log(`secret-scan: ${hits.length} hits`);
process.exit(failed || hits.length ? 1 : 0);
