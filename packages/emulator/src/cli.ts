/** `pnpm emulator [flags]`: every `startEmulator` option as a flag (see `--help`). */
import { readFileSync } from 'node:fs';
import { CLI_USAGE, CliError, parseCliOptions, type CliOptions } from './cliOptions.js';
import { DEFAULT_ACCESS_KEY, startEmulator } from './index.js';

function fail(message: string): never {
  process.stderr.write(`quickbi-emulator: ${message}\n`);
  process.exit(2);
}

let cli: CliOptions;
try {
  cli = parseCliOptions(process.argv.slice(2));
} catch (error) {
  fail(error instanceof CliError ? error.message : String(error));
}

if (cli.help) {
  process.stdout.write(CLI_USAGE);
  process.exit(0);
}

function readJson(file: string): never[] {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!Array.isArray(value)) fail(`${file}: expected a JSON array`);
    return value as never[];
  } catch (error) {
    fail(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const emulator = await startEmulator({
  ...cli.options,
  ...(cli.worksFile ? { works: readJson(cli.worksFile) } : {}),
  ...(cli.usersFile ? { users: readJson(cli.usersFile) } : {}),
  ...(cli.log
    ? {
        logger: (entry) => {
          process.stderr.write(`${entry.level} ${entry.message}\n`);
        },
      }
    : {}),
}).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));

const key = emulator.accessKeys[0]!;
const isDefaultKey =
  key.accessKeyId === DEFAULT_ACCESS_KEY.accessKeyId &&
  key.accessKeySecret === DEFAULT_ACCESS_KEY.accessKeySecret;
const options = (await (await fetch(`${emulator.url}/__emulator/options`)).json()) as {
  timeZone: string;
};
const lines = [
  `Quick BI emulator listening`,
  `  OpenAPI endpoint: ${emulator.endpoint}`,
  `  Report origin:    ${emulator.reportOrigin}`,
  `  Control API:      ${emulator.url}/__emulator/ (works, users, stats, clock, faults, options, reset)`,
  // The default key pair is a public test fixture, so both halves are printed for copy and paste;
  // a key the caller gave is theirs, and its secret is never printed.
  ...(isDefaultKey
    ? [
        `  AccessKeyId:      ${key.accessKeyId}`,
        `  AccessKeySecret:  ${key.accessKeySecret}`,
        `                    (the emulator's public test key, not a secret: never use it elsewhere)`,
      ]
    : [`  AccessKeyId:      ${key.accessKeyId} (its secret is the one you gave)`]),
  `  Time zone:        ${options.timeZone}`,
  `  Organization:     ${emulator.organizationId}`,
  `  Works:`,
  ...emulator.works.map(
    (w) =>
      `    ${w.worksId.padEnd(22)} ${w.worksType.padEnd(20)} ${w.name}` +
      `${w.published ? '' : ' (unpublished)'}${w.embedEnabled ? '' : ' (embedding off)'}`,
  ),
  `  Users:`,
  ...emulator.users.map(
    (u) => `    ${u.userId.padEnd(22)} ${u.accountName} (AccountType ${u.accountType})`,
  ),
  '',
];
process.stdout.write(lines.join('\n'));

// A closed stdout (piped into `head`, a dead parent) must not crash the emulator on exit.
process.stdout.on('error', () => {});

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping\n`);
  void emulator.stop().then(() => process.exit(0));
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
