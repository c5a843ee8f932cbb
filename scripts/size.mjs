// Bundle size of the browser packages AS USERS INSTALL THEM: each package is built, packed
// (`pnpm pack`, as it would be published) and unpacked into a scratch app's node_modules, then
// bundled from there the way an app's bundler would (no `@quickbi-embed/source` condition: the
// published `exports` and `dist/`), with rolldown (Vite's bundler) and esbuild. The peers (react,
// react-dom, @tanstack/react-query) stay external; production mode; minified.
// Prints, per entry and bundler, the min+gzip bytes every page pays up front (the entry chunk and
// every chunk it imports statically) and the on-demand chunks, and exits non-zero over a budget.
//   node scripts/size.mjs [--json] [--no-build] [--modules]
// --modules: under each row, where the up-front bytes come from, per module (from the bundle's
// source map): its minified bytes and its marginal min+gzip (the gzip of the up-front code minus
// the gzip without that module's characters), largest first. How the next person finds bytes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// Both bundlers are already installed (rolldown under Vite, esbuild under tsx): no extra dependency.
const { rolldown } = await import(createRequire(import.meta.resolve('vite')).resolve('rolldown'));
const esbuild = await import(createRequire(import.meta.resolve('tsx')).resolve('esbuild'));

// min+gzip budgets in bytes on the installed packages. Never raised. They were set with rolldown
// (issue 14, on the source: 4096 / 4560 / 960; issue 18, on the packed tarballs: 3072 for what
// the README's app imports) and hold for both bundlers: a row over its budget fails the run,
// whichever bundler (esbuild folds and mangles less: its rows are the tighter ones).
const BUDGETS = {
  'README app (QuickBIProvider + QuickBIReport + createHttpAdapter)': 3072,
  '@quickbi-embed/react': 4096,
  '@quickbi-embed/react (+ createHttpAdapter)': 4560,
  '@quickbi-embed/react/status': 960,
};

const ENFORCED = new Set(['rolldown', 'esbuild']);

const ENTRIES = {
  // What the README's app imports: the provider, the report and the adapter it passes.
  'README app (QuickBIProvider + QuickBIReport + createHttpAdapter)': `export { QuickBIProvider, QuickBIReport } from '@quickbi-embed/react';
export { createHttpAdapter } from '@quickbi-embed/core';`,
  '@quickbi-embed/react': `export * from '@quickbi-embed/react';`,
  '@quickbi-embed/react (+ createHttpAdapter)': `export * from '@quickbi-embed/react';
export { createHttpAdapter } from '@quickbi-embed/core';`,
  '@quickbi-embed/react/status': `export * from '@quickbi-embed/react/status';`,
  '@quickbi-embed/react/copilot': `export * from '@quickbi-embed/react/copilot';`,
  '@quickbi-embed/react/devtools': `export * from '@quickbi-embed/react/devtools';`,
  '@quickbi-embed/core': `export * from '@quickbi-embed/core';`,
  '@quickbi-embed/core/mount': `export * from '@quickbi-embed/core/mount';`,
};

const PEERS = [/^react($|\/)/, /^react-dom($|\/)/, /^@tanstack\/react-query($|\/)/];
const PACKAGES = ['core', 'react'];
const root = resolve(import.meta.dirname, '..');
const define = { 'process.env.NODE_ENV': '"production"' };

// 1. Build and pack each package; unpack it where an app's bundler looks for it.
const app = mkdtempSync(join(tmpdir(), 'quickbi-size-'));
const packs = join(app, 'packs');
mkdirSync(packs);
for (const name of PACKAGES) {
  const dir = join(root, 'packages', name);
  if (!process.argv.includes('--no-build'))
    execFileSync('pnpm', ['exec', 'tsdown', '--log-level', 'warn'], { cwd: dir, stdio: 'inherit' });
  execFileSync('pnpm', ['pack', '--pack-destination', packs], { cwd: dir, stdio: 'ignore' });
  const tarball = readdirSync(packs).find((f) => f.startsWith(`quickbi-embed-${name}-`));
  const into = join(app, 'unpacked', name);
  mkdirSync(into, { recursive: true });
  execFileSync('tar', ['-xzf', join(packs, tarball), '-C', into]);
  mkdirSync(join(app, 'node_modules/@quickbi-embed'), { recursive: true });
  renameSync(join(into, 'package'), join(app, 'node_modules/@quickbi-embed', name));
  rmSync(join(packs, tarball));
}

// 2. Bundle an entry from the app: what every page pays up front, and what loads on demand.
// With a source map (--modules) the code ends in a `//# sourceMappingURL=` line (rolldown writes
// it after a newline, esbuild before one): strip it, as the build without one.
const withoutMapComment = (code) =>
  code.replace(/\n\/\/# sourceMappingURL=[^\n]*$|\/\/# sourceMappingURL=[^\n]*\n$/, '');

async function withRolldown(code, minify, sourcemap = false) {
  const input = join(app, 'entry.js');
  writeFileSync(input, code);
  const build = await rolldown({
    input,
    cwd: app,
    external: PEERS,
    platform: 'browser',
    transform: { define },
    logLevel: 'silent',
  });
  // As Vite 8 writes an app's production build (its `buildOutputOptions`): minified, without the
  // `/* @__PURE__ */` annotations, JSDoc and legal comments (they serve a later bundler, and an
  // app's build is the last one), top-level bindings as `var`.
  const { output } = await build.generate({
    format: 'es',
    minify,
    topLevelVar: true,
    sourcemap,
    ...(minify && { comments: { annotation: false, jsdoc: false, legal: false } }),
  });
  await build.close();
  const chunks = output.filter((o) => o.type === 'chunk');
  // A module shared with a lazy chunk may be split out of the entry: static imports count.
  const upFront = new Set();
  const visit = (chunk) => {
    if (!chunk || upFront.has(chunk)) return;
    upFront.add(chunk);
    for (const name of chunk.imports) visit(chunks.find((c) => c.fileName === name));
  };
  for (const chunk of chunks) if (chunk.isEntry) visit(chunk);
  const js = (c) => withoutMapComment(c.code);
  return {
    main: [...upFront].map(js).join('\n'),
    lazy: chunks.filter((c) => !upFront.has(c)).map(js),
    maps: sourcemap ? [...upFront].map((c) => ({ code: js(c), map: c.map })) : [],
  };
}

async function withEsbuild(code, minify, sourcemap = false) {
  const input = join(app, 'entry.js');
  writeFileSync(input, code);
  const result = await esbuild.build({
    absWorkingDir: app,
    entryPoints: [input],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    outdir: join(app, 'out'),
    write: false,
    minify,
    metafile: true,
    sourcemap,
    define,
    external: ['react', 'react/*', 'react-dom', 'react-dom/*', '@tanstack/react-query'],
    logLevel: 'silent',
  });
  const text = new Map(result.outputFiles.map((f) => [f.path, f.text]));
  const outputs = result.metafile.outputs;
  const upFront = new Set();
  const visit = (path) => {
    if (upFront.has(path) || !outputs[path]) return;
    upFront.add(path);
    for (const i of outputs[path].imports)
      if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  // esbuild marks dynamic-import chunks as entry points too: only the app's entry counts.
  for (const [path, o] of Object.entries(outputs)) if (o.entryPoint === 'entry.js') visit(path);
  const js = Object.keys(outputs).filter((p) => p.endsWith('.js'));
  const js_ = (p) => withoutMapComment(text.get(join(app, p)));
  return {
    main: [...upFront].map(js_).join('\n'),
    lazy: js.filter((p) => !upFront.has(p)).map(js_),
    maps: sourcemap
      ? [...upFront].map((p) => ({
          code: js_(p),
          map: JSON.parse(text.get(join(app, `${p}.map`))),
        }))
      : [],
  };
}

// Which module each character of a chunk came from, by its source map: the source of the
// mapping segment it falls in (`(glue)` before the first and for segments without a source).
const VLQ = Object.fromEntries(
  [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]),
);
function decodeSegment(text) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const c of text) {
    const digit = VLQ[c];
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}
function owners({ code, map }) {
  const owner = new Array(code.length).fill('(glue)');
  const lines = code.split('\n');
  let offset = 0;
  let source = 0;
  map.mappings.split(';').forEach((line, i) => {
    let column = 0;
    const starts = [];
    for (const segment of line.split(',').filter(Boolean)) {
      const [dc, ds] = decodeSegment(segment);
      column += dc;
      if (ds !== undefined) source += ds;
      starts.push([column, ds === undefined ? '(glue)' : moduleName(map.sources[source])]);
    }
    const length = lines[i]?.length ?? 0;
    starts.forEach(([from, name], k) => {
      const to = Math.min(k + 1 < starts.length ? starts[k + 1][0] : length, length);
      for (let c = from; c < to; c++) owner[offset + c] = name;
    });
    offset += length + 1;
  });
  return owner;
}
// `…/node_modules/@quickbi-embed/core/dist/embedEngine.js` → `core/embedEngine`.
const moduleName = (source = '') => {
  const m = source.match(/@quickbi-embed\/([^/]+)\/(?:dist|src)\/(.+?)\.[cm]?[jt]sx?$/);
  return m ? `${m[1]}/${m[2]}` : source.replace(/^(\.\.\/)+/, '') || '(glue)';
};
function attribute(chunks) {
  const code = chunks.map((c) => c.code).join('\n');
  const owner = chunks.flatMap((c, i) => [...(i ? ['(glue)'] : []), ...owners(c)]);
  const total = gz(code);
  const names = [...new Set(owner)];
  return names
    .map((name) => {
      const without = [...code].filter((_, i) => owner[i] !== name).join('');
      const bytes = owner.filter((o) => o === name).length;
      return { module: name, min: bytes, gzip: total - gz(without) };
    })
    .sort((a, b) => b.gzip - a.gzip);
}

const gz = (code) => gzipSync(code, { level: 9 }).length;

const rows = [];
let over = false;
for (const [bundler, bundle] of [
  ['rolldown', withRolldown],
  ['esbuild', withEsbuild],
])
  for (const [name, code] of Object.entries(ENTRIES)) {
    const raw = (await bundle(code, false)).main;
    const modules = process.argv.includes('--modules');
    const { main: min, lazy } = await bundle(code, true);
    // A separate build with source maps (esbuild's chunk names hash the option: ±2 B).
    const maps = modules && (await bundle(code, true, true)).maps;
    const gzip = gz(min);
    const brotli = brotliCompressSync(min, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length;
    const budget = BUDGETS[name];
    const ok = budget === undefined || gzip <= budget;
    const enforced = ENFORCED.has(bundler);
    if (!ok && enforced) over = true;
    const lazyGzip = lazy.map(gz);
    rows.push({
      bundler,
      entry: name,
      raw: raw.length,
      min: min.length,
      gzip,
      brotli,
      lazyGzip,
      budget,
      ok,
      enforced,
      ...(modules && { modules: attribute(maps) }),
    });
  }
rmSync(app, { recursive: true, force: true });

if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
else
  for (const r of rows)
    console.log(
      `${r.ok ? 'ok  ' : r.enforced ? 'OVER' : 'over'} ${r.bundler.padEnd(8)} ${r.entry}: ` +
        `raw ${r.raw} B, min ${r.min} B, min+gzip ${r.gzip} B` +
        (r.budget === undefined
          ? ''
          : ` (budget ${r.budget} B${r.enforced ? '' : ', not enforced'})`) +
        ', ' +
        `min+brotli ${r.brotli} B` +
        (r.lazyGzip.length ? `; on-demand chunks min+gzip ${r.lazyGzip.join(', ')} B` : '') +
        (r.modules ?? [])
          .map(
            (m) =>
              `\n       ${String(m.gzip).padStart(5)} B gzip ${String(m.min).padStart(6)} B min  ${m.module}`,
          )
          .join(''),
    );
process.exit(over ? 1 : 0);
