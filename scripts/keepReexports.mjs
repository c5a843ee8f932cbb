// A tsdown (rolldown) plugin: an entry file that only re-exports (`src/index.ts`) is written to
// dist/ as the same re-exports (`export * from './x.js'`, `export { a } from './x.js'`), not as
// the `import { a } from './x.js'; export { a };` rolldown emits. esbuild, splitting a user's app,
// assigns every module an imports-then-exports entry names to every chunk that imports the entry:
// measured on the packed core, the README app's first chunk grew from 4.3 kB to 7.0 kB min+gzip
// because the error texts and GlobalParam formatting, used by lazy chunks only, joined it. Only
// the ESM output is rewritten (bundlers read it; the CJS one is for Node's `require`).
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';

const REEXPORT = /export\s+(type\s+)?(\*(?:\s+as\s+\w+)?|\{[^}]*\})\s+from\s+['"]([^'"]+)['"];?/g;

export function keepReexports() {
  return {
    name: 'quickbi:keep-reexports',
    renderChunk(code, chunk, options) {
      const id = chunk.facadeModuleId;
      // Entries of the JavaScript build only (the declaration build renders .d.ts chunks).
      if (options.format !== 'es' || !chunk.isEntry || !id || !/\.js$/.test(chunk.fileName))
        return null;
      if (!/\.[cm]?tsx?$/.test(id) || /\.d\.[cm]?ts$/.test(id)) return null;
      const source = readFileSync(id, 'utf8');
      // Only files made of comments, a directive and re-exports.
      const rest = source
        .replace(REEXPORT, '')
        .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
        .replace(/^\s*['"]use client['"];?\s*$/m, '')
        .trim();
      if (rest) return null;
      const dir = posix.dirname(chunk.fileName);
      const lines = source.match(/^\s*['"]use client['"];?/) ? ['"use client";'] : [];
      for (const [, typeOnly, what, from] of source.matchAll(REEXPORT)) {
        if (typeOnly) continue;
        // The emitted file of that module (a type-only module emits none).
        const target = posix.join(dir, from.replace(/\.[cm]?[jt]sx?$/, '.js'));
        if (!chunk.imports.includes(target)) continue;
        const spec = `./${posix.relative(dir, target)}`;
        if (what.startsWith('*')) lines.push(`export ${what} from "${spec}";`);
        else {
          const names = what
            .slice(1, -1)
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s && !s.startsWith('type '));
          if (names.length) lines.push(`export { ${names.join(', ')} } from "${spec}";`);
        }
      }
      return { code: `${lines.join('\n')}\n`, map: null };
    },
  };
}
