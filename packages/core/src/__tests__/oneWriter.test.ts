import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Issue 18: a report record and a credential entry change only through the engine's named
// actions (`dispatch` in engineActions.ts, as TanStack's `Query#dispatch`). This reads every other
// module of the package for a write to one of their fields or collections: an embed, the renewal
// planner or a binding that changes a record itself fails here, with the line that does.
const SRC = join(import.meta.dirname, '..');
const FIELDS = [
  // ReportRecord
  'current',
  'error',
  'inflight',
  'dry',
  'exhausted',
  'recoveries',
  'holders',
  // CredentialEntry
  'latest',
  'receivedAt',
  'granted',
  'started',
  'shownBy',
  'ended',
];
const write = new RegExp(
  String.raw`\b\w+(\.\w+|\[\d\])*\.(${FIELDS.join('|')})\s*(=(?!=)|\+=|-=|\?\?=|\+\+|--)` +
    String.raw`|\.(embeds|waiting)\.(add|delete|clear)\(` +
    String.raw`|\b(reports|credentials)\.(set|delete|clear)\(` +
    String.raw`|\b(dropped)\.add\(`,
);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? d.name === '__tests__' || d.name === 'testing'
        ? []
        : sources(join(dir, d.name))
      : /\.tsx?$/.test(d.name) && !d.name.endsWith('.test.ts')
        ? [join(dir, d.name)]
        : [],
  );
}

describe('one writer for the engine’s records', () => {
  it('only engineActions.ts changes a report record or credential entry', () => {
    const writes: string[] = [];
    for (const file of [...sources(SRC), ...sources(join(SRC, '../../react/src'))]) {
      if (file.endsWith('engineActions.ts')) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          // A ref's `.current` (React) is no record; the engine creates a report's map entry.
          if (write.test(line) && !/\b(shown|ref|frame)\.current\b|this\.#reports\.set/.test(line))
            writes.push(`${file.slice(SRC.length - 8)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(writes).toEqual([]);
  });

  it('sees a write where there is one (the check can fail)', () => {
    expect(write.test('r.dry = 0;')).toBe(true);
    expect(write.test('entry.shownBy--;')).toBe(true);
    expect(write.test('report.waiting.add(self);')).toBe(true);
    expect(write.test('if (r.dry === 0) return;')).toBe(false);
  });
});
