// Runs every test and check of the repository, then prints one plain `N passed, N failed` line.
// Vitest's own tests count one each; every other check (types, lint, packaging, size budget) counts as one.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = '.vitest-results/results.json';
let passed = 0;
let failed = 0;
const failures = [];

function run(label, cmd, args) {
  const started = Date.now();
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  console.log(
    `=== ${label}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return r.status === 0;
}

function check(label, cmd, args) {
  if (run(label, cmd, args)) passed += 1;
  else {
    failed += 1;
    failures.push(label);
  }
}

// A check that writes `{ passed, failed, failures }` to `file`: each of its results counts.
function countedCheck(label, file, cmd, args) {
  const ok = run(label, cmd, args);
  try {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    passed += r.passed;
    failed += r.failed;
    for (const f of r.failures) failures.push(`${label}: ${f}`);
    if (!ok && r.failed === 0) throw new Error('exited non-zero');
  } catch {
    failed += 1;
    failures.push(label);
  }
}

rmSync('.vitest-results', { recursive: true, force: true });
mkdirSync('.vitest-results', { recursive: true });
const vitestOk = run('vitest', 'pnpm', [
  'exec',
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${results}`,
]);
try {
  const r = JSON.parse(readFileSync(results, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  // Name each failed test, so the last lines of a CI log say what failed.
  for (const s of r.testResults)
    for (const a of s.assertionResults)
      if (a.status === 'failed')
        failures.push(`${s.name.replace(`${process.cwd()}/`, '')} > ${a.fullName}`);
  // A suite that failed to load has no tests to count, but it is a failure.
  const broken = r.testResults.filter(
    (s) => s.status === 'failed' && s.assertionResults.length === 0,
  );
  failed += broken.length;
  for (const s of broken) failures.push(`suite ${s.name}`);
  if (!vitestOk && r.numFailedTests === 0 && broken.length === 0) {
    failed += 1;
    failures.push('vitest exited non-zero');
  }
} catch {
  failed += 1;
  failures.push('vitest produced no results');
}

// Fleet and secrets (issue 7): 4 server processes sharing one Redis mint one ticket per key; no
// secret in a browser bundle, the static Storybook, or a log the suite captured (after vitest).
check('fleet (light)', 'pnpm', [
  'exec',
  'tsx',
  '--conditions=@quickbi-embed/source',
  'bench/fleet/fleet.bench.ts',
  '--light',
  '--log',
  '.vitest-results/logs/fleet.log',
]);
check('secret scan', 'node', ['scripts/secret-scan.mjs']);
// Issue 19: the README parts that come from code (error codes, contract routes, works types, sizes)
// match the code now; `pnpm exec tsx scripts/check-docs.ts --write` regenerates them.
check('docs (generated from code)', 'pnpm', ['exec', 'tsx', 'scripts/check-docs.ts']);
// Issue 12: the static Storybook, served by a plain file server, runs every story's play in Chromium.
check('storybook (static build)', 'pnpm', [
  'exec',
  'tsx',
  'scripts/storybook-static-check.ts',
  '--build',
]);
// Issue 12: the Playwright test-kit example (the emulator fixture) under Playwright Test itself.
check('test-kit (Playwright fixture)', 'node', [
  '--conditions=@quickbi-embed/source',
  'node_modules/playwright/cli.js',
  'test',
  '-c',
  'examples/test-kit/playwright.config.ts',
]);
check('typecheck', 'pnpm', ['run', '-r', '--if-present', 'typecheck']);
check('typecheck (root)', 'pnpm', ['exec', 'tsc', '-p', 'tsconfig.json']);
check('lint', 'pnpm', ['exec', 'eslint', '.']);
check('format', 'pnpm', ['exec', 'prettier', '--check', '.']);
check('packages (build, publint, attw)', 'node', ['scripts/check-packages.mjs']);
check('size budget', 'node', ['scripts/size.mjs']);
// Issue 11: the examples, installed with npm from the packed tarballs, built and checked in
// Chromium; the script prints and records its own sub-results, each counted here.
countedCheck('examples', '.vitest-results/examples.json', 'pnpm', [
  'exec',
  'tsx',
  '--conditions=@quickbi-embed/source',
  'scripts/examples.ts',
]);

if (failures.length) console.log(`\nfailed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
