import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Runs `script --probe <size>` in a child Node with `--expose-gc`, so a heap figure counts only
 * what the probe built (not this process's benchmarks), and reads the one JSON line it prints.
 */
export function runHeapProbe<T>(script: string, size: number, timeoutMs: number): T {
  const r = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--max-old-space-size=2048',
      '--import',
      'tsx',
      '--conditions=@quickbi-embed/source',
      script,
      '--probe',
      String(size),
    ],
    { cwd: root, encoding: 'utf8', timeout: timeoutMs },
  );
  const line = r.stdout?.split('\n').find((l) => l.startsWith('{'));
  if (r.status !== 0 || !line) throw new Error(`${script} probe failed (${r.status}): ${r.stderr}`);
  return JSON.parse(line) as T;
}
