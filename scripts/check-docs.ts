/**
 * Docs that cannot drift (issue 19): the README parts that come from code are regenerated from
 * the code at check time and compared with what the README says.
 *
 *   pnpm exec tsx scripts/check-docs.ts           check; exits 1 naming each stale part
 *   pnpm exec tsx scripts/check-docs.ts --write   rewrite the stale parts in place
 *
 * A generated part sits between `<!-- generated: NAME -->` and `<!-- end generated -->`. What a
 * human writes (what an error code means, which Quick BI calls a route makes) stays in the table
 * and is kept by `--write`, keyed by code or route; a row the code gained gets a `TODO` cell that
 * fails the check until someone describes it. The parts:
 *
 * - `error-table` (packages/server/README.md): every code of core's `ERROR_STATUS` the server
 *   answers with (its source names it), with that status, sorted by status.
 * - `contract-table` (packages/server/README.md): every route of core's `CONTRACT_ROUTES`, with
 *   the body fields of the request interface documented as that route in core's contract.ts.
 * - `works-types` (packages/server/README.md, packages/core/README.md): core's `WORKS_TYPES`.
 * - `size` (packages/react/README.md): what `node scripts/size.mjs --json` measures now.
 *
 * And the root README's example blocks (`<!-- example: path -->` then a code block) equal those
 * files (the check `pnpm examples` also makes); `--write` copies the files into the README.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { ERROR_STATUS } from '../packages/core/src/errors.js';
import { CONTRACT_ROUTES, type EmbedErrorCode } from '../packages/core/src/contract.js';
import { WORKS_TYPES } from '../packages/core/src/worksType.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const write = process.argv.includes('--write');
const TODO = 'TODO: describe (scripts/check-docs.ts)';
const EXAMPLE_BLOCK = /<!-- example: (\S+) -->(\s*)```(\w*)\n[\s\S]*?```/g;
const REGION = /(<!-- generated: ([\w-]+) -->)([\s\S]*?)(<!-- end generated -->)/g;

/** Where each generated part must be (a README that lost its markers is stale too). */
const EXPECTED: Record<string, string[]> = {
  'packages/server/README.md': ['contract-table', 'error-table', 'works-types'],
  'packages/core/README.md': ['works-types'],
  'packages/react/README.md': ['size'],
};

// ---- tables -------------------------------------------------------------------------------

function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.trim().startsWith('|') && !/^\|\s*-/.test(line.trim()))
    .map((line) =>
      line
        .trim()
        .replace(/^\||\|$/g, '')
        .split(/\s\|\s/)
        .map((cell) => cell.trim()),
    );
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

// ---- the generators (each gets the region's current text, returns the new one) -------------

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** Codes the server's own source answers with (the rest only arise in the browser). */
function serverCodes(): Set<string> {
  const source = sourceFiles(join(root, 'packages/server/src'))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  return new Set(
    Object.keys(ERROR_STATUS).filter((code) => new RegExp(`['"\`]${code}['"\`]`).test(source)),
  );
}

function errorTable(current: string): string {
  const [header, ...rows] = tableRows(current);
  const when = new Map(rows.map(([, code, text]) => [code!, text!]));
  // Status 0 means no answer arrived (the browser's own codes): the server never sends it.
  const codes = [...serverCodes()].filter((code) => ERROR_STATUS[code as EmbedErrorCode] > 0);
  const ours = codes.map((code) => ({
    status: ERROR_STATUS[code as EmbedErrorCode],
    code: `\`${code}\``,
  }));
  // Quick BI's own codes are passed on as they are: not in ERROR_STATUS, kept as written.
  const upstream = rows
    .filter(([, code]) => !/^`[A-Z_]+`$/.test(code!))
    .map(([status, code]) => ({ status: Number(status), code: code! }));
  // By status; within one, the order the README has (rows it lacks last).
  const at = (code: string) => {
    const index = rows.findIndex(([, c]) => c === code);
    return index === -1 ? rows.length : index;
  };
  const order = [...ours, ...upstream].sort(
    (a, b) => a.status - b.status || at(a.code) - at(b.code),
  );
  return table(
    header ?? ['status', 'code', 'when'],
    order.map(({ status, code }) => [String(status), code, when.get(code) ?? TODO]),
  );
}

/** `POST {basePath}/ticket` → the fields of the request interface documented as that route. */
function requestFields(path: string): string[] | undefined {
  const contract = readFileSync(join(root, 'packages/core/src/contract.ts'), 'utf8');
  const marker = contract.indexOf(`\`POST {basePath}${path}\``);
  if (marker === -1) return undefined;
  const start = contract.indexOf('export interface', marker);
  const open = contract.indexOf('{', start);
  let depth = 0;
  let end = open;
  for (; end < contract.length; end += 1) {
    if (contract[end] === '{') depth += 1;
    if (contract[end] === '}' && --depth === 0) break;
  }
  return [...contract.slice(open + 1, end).matchAll(/^ {2}(\w+)(\??):/gm)].map(
    ([, name, optional]) => `${name}${optional}`,
  );
}

function contractTable(current: string): string {
  const [header, ...rows] = tableRows(current);
  const prose = new Map(rows.map(([route, , ...rest]) => [route!, rest]));
  const width = (header?.length ?? 4) - 2;
  return table(
    header ?? ['route', 'body', 'Quick BI calls', 'answer'],
    Object.values(CONTRACT_ROUTES).map((path) => {
      const route = `\`POST ${path}\``;
      const fields = requestFields(path);
      const body = fields ? `\`{ ${fields.join(', ')} }\`` : TODO;
      return [route, body, ...(prose.get(route) ?? Array.from({ length: width }, () => TODO))];
    }),
  );
}

function worksTypes(): string {
  const names = WORKS_TYPES.map((type) => `\`${type}\``);
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

interface SizeRow {
  bundler: string;
  entry: string;
  gzip: number;
  budget?: number;
  lazyGzip: number[];
}

let measured: SizeRow[] | undefined;
function size(): string {
  if (!measured) {
    const run = spawnSync(process.execPath, ['scripts/size.mjs', '--json'], {
      cwd: root,
      encoding: 'utf8',
    });
    const json = run.stdout.slice(run.stdout.indexOf('['));
    measured = JSON.parse(json) as SizeRow[];
  }
  const all = measured;
  const entries = [...new Set(all.map((r) => r.entry))];
  const by = (entry: string, bundler: string) =>
    all.find((r) => r.entry === entry && r.bundler === bundler);
  const rows = entries.map((entry) => {
    const rolldown = by(entry, 'rolldown');
    const esbuild = by(entry, 'esbuild');
    const limit = rolldown?.budget;
    return [
      `\`${entry}\``,
      rolldown ? `${rolldown.gzip} B` : '—',
      esbuild ? `${esbuild.gzip} B` : '—',
      limit === undefined ? '—' : `${limit} B`,
      rolldown?.lazyGzip.length ? rolldown.lazyGzip.map((n) => `${n} B`).join(', ') : '—',
    ];
  });
  return table(
    ['min+gzip, installed', 'rolldown', 'esbuild', 'budget', 'on demand (rolldown, min+gzip)'],
    rows,
  );
}

const GENERATORS: Record<string, { block: boolean; run(current: string): string }> = {
  'error-table': { block: true, run: errorTable },
  'contract-table': { block: true, run: contractTable },
  'works-types': { block: false, run: worksTypes },
  size: { block: true, run: size },
};

// ---- check / write ------------------------------------------------------------------------

const stale: string[] = [];
for (const [file, names] of Object.entries(EXPECTED)) {
  const path = join(root, file);
  const text = readFileSync(path, 'utf8');
  const found = new Set<string>();
  let next = text.replace(REGION, (whole, open: string, name: string, body: string, close) => {
    const generator = GENERATORS[name];
    if (!generator) {
      stale.push(`${file}: unknown generated part "${name}"`);
      return whole;
    }
    found.add(name);
    const made = generator.run(body);
    return generator.block ? `${open}\n\n${made}\n\n${close}` : `${open}${made}${close}`;
  });
  for (const name of names)
    if (!found.has(name)) stale.push(`${file}: no <!-- generated: ${name} --> part`);
  // Prettier aligns the tables: compare formatted with formatted.
  next = await format(next, { ...(await resolveConfig(path)), filepath: path });
  const before = new Map([...text.matchAll(REGION)].map((m) => [m[2]!, m[0]]));
  const after = [...next.matchAll(REGION)];
  const changed = after.filter((m) => before.get(m[2]!) !== m[0]).map((m) => m[2]!);
  for (const m of after)
    if (m[3]!.includes(TODO)) stale.push(`${file}: ${m[2]} has a row to describe (${TODO})`);
  if (changed.length) {
    if (write) writeFileSync(path, next);
    stale.push(
      `${file}: ${write ? 'rewrote' : 'stale'} ${changed.join(', ')}` +
        (write ? '' : ' (run: pnpm exec tsx scripts/check-docs.ts --write)'),
    );
  }
}

// The root README's example blocks: the example apps' files verbatim.
{
  const path = join(root, 'README.md');
  const text = readFileSync(path, 'utf8');
  const drifted: string[] = [];
  const next = text.replace(EXAMPLE_BLOCK, (whole, file: string, gap: string, lang: string) => {
    const code = readFileSync(join(root, file), 'utf8').trimEnd();
    const block = `<!-- example: ${file} -->${gap}\`\`\`${lang}\n${code}\n\`\`\``;
    if (block !== whole) drifted.push(file);
    return block;
  });
  if (drifted.length) {
    if (write) writeFileSync(path, next);
    stale.push(
      `README.md: ${write ? 'rewrote' : 'stale'} example blocks of ${drifted.join(', ')}` +
        (write ? '' : ' (run: pnpm exec tsx scripts/check-docs.ts --write)'),
    );
  }
}

for (const line of stale) console.log(`docs: ${line}`);
const failed = stale.filter((line) => !line.includes(': rewrote '));
console.log(
  failed.length === 0
    ? `docs: ok, ${Object.values(EXPECTED).flat().length} generated parts and the README example blocks match the code`
    : `docs: ${failed.length} stale`,
);
process.exit(failed.length === 0 ? 0 : 1);
