/**
 * The emulator's layers, read from its source files: each file imports only its own layer or
 * lower ones, so the organisation model and Quick BI's errors sit at the bottom and nothing
 * imports upward; and its one source of randomness is `globalThis.crypto` (no `node:crypto`).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/** Lower numbers are lower layers. Files at the top of src/ are entry points (the top layer). */
const LAYERS: Record<string, number> = {
  model: 0,
  errors: 1,
  'options.ts': 2,
  transport: 3,
  signature: 3,
  state: 3,
  control: 4,
  openapi: 5,
  pages: 5,
};
const TOP = 6;

function layerOf(file: string): number {
  const first = relative(SRC, file).split(/[\\/]/)[0]!.replace(/\.js$/, '.ts');
  return LAYERS[first] ?? TOP;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|js)$/.test(entry.name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s+'([^']+)'/g)].map(
    (m) => m[1]!,
  );
}

const files = sources(SRC);

describe('emulator layering', () => {
  it('finds the layers it checks', () => {
    for (const layer of Object.keys(LAYERS)) {
      expect(
        files.some((f) => relative(SRC, f).startsWith(layer)),
        layer,
      ).toBe(true);
    }
  });

  it('imports nothing from a higher layer', () => {
    const upward: string[] = [];
    for (const file of files) {
      for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = resolve(dirname(file), spec);
        if (layerOf(target) > layerOf(file)) {
          upward.push(`${relative(SRC, file)} -> ${relative(SRC, target)}`);
        }
      }
    }
    expect(upward).toEqual([]);
  });

  it('keeps the model and the errors free of any other import', () => {
    const outside = files
      .filter((f) => layerOf(f) <= LAYERS['errors']!)
      .flatMap((f) => importsOf(f).map((s) => [relative(SRC, f), s] as const))
      .filter(([, s]) => !s.startsWith('.'));
    expect(outside).toEqual([]);
  });

  it('takes randomness from globalThis.crypto only', () => {
    const nodeCrypto = files.filter((f) => /['"](node:)?crypto['"]/.test(readFileSync(f, 'utf8')));
    expect(nodeCrypto.map((f) => relative(SRC, f))).toEqual([]);
  });
});
