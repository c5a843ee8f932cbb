// The root README's quick start is example code verbatim: every block marked
// `<!-- example: path -->` must equal that file, so the README cannot drift from what CI runs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const MARKED_BLOCK = /<!-- example: (\S+) -->\s*```\w*\n([\s\S]*?)```/g;

export function checkReadme(root: string): { ok: boolean; detail: string } {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(MARKED_BLOCK)];
  const drifted = blocks
    .filter(([, path, code]) => {
      const file = join(root, path!);
      return !existsSync(file) || readFileSync(file, 'utf8').trimEnd() !== code!.trimEnd();
    })
    .map(([, path]) => path);
  if (blocks.length === 0) return { ok: false, detail: 'no <!-- example: … --> blocks found' };
  return {
    ok: drifted.length === 0,
    detail: drifted.length ? `differs from ${drifted.join(', ')}` : `${blocks.length} blocks`,
  };
}
