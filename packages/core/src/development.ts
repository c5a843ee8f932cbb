/**
 * Development or production, as the app's bundler built it. Every bundler users have replaces
 * `process.env.NODE_ENV` in dependencies too (Vite in dev and build, webpack and Next, Rollup's and
 * esbuild's `define`). Not guarded with `typeof process`: Vite replaces the expression but not
 * `typeof process`, which is `'undefined'` in every browser (that guard made development false in
 * every Vite app). A page loading our modules unbundled has no `process`: the `ReferenceError`
 * makes it production (quiet), unless the page sets
 * `globalThis.process = { env: { NODE_ENV: 'development' } }` before loading them.
 *
 * Minifiers do not fold this through the `try`: where dev-only code should vanish from production
 * builds, write `DEV && process.env.NODE_ENV !== 'production' && …` (DEV first, so an unbundled
 * page never evaluates `process`; the literal comparison, so a production build folds it away).
 */
export const DEV: boolean = (() => {
  try {
    return process.env.NODE_ENV !== 'production';
  } catch {
    return false;
  }
})();
