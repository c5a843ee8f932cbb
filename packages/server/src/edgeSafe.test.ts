import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The client, the handler and the memory store must run on edge runtimes (Web Crypto, fetch,
// Request/Response only); node:* belongs to the node adapters alone.
const EDGE_DIRS = ['client', 'handler'];
const here = import.meta.dirname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('edge safety', () => {
  it.each([
    ...EDGE_DIRS.flatMap((d) => sources(join(here, d))),
    join(here, 'store/memoryStore.ts'),
  ])('%s imports no node:* module and no adapter', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/from '(node:[^']+|crypto|http|stream|buffer)'/);
    expect(text).not.toMatch(/from '\.\.\/adapters\//);
    expect(text).not.toMatch(/\bBuffer\./);
  });
});
