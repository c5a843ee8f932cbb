/**
 * `pnpm emulator --port 9100 --access-key-id ID --access-key-secret SECRET [--tz +08:00]
 *  [--refresh-ms N] [--host 127.0.0.1] [--security-token T]`
 */
import { parseArgs } from 'node:util';
import { DEFAULT_ACCESS_KEY, startEmulator, type EmulatorAccessKey } from './index.js';

function fail(message: string): never {
  process.stderr.write(`quickbi-emulator: ${message}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '9100' },
    host: { type: 'string', default: '127.0.0.1' },
    'access-key-id': { type: 'string' },
    'access-key-secret': { type: 'string' },
    'security-token': { type: 'string' },
    tz: { type: 'string', default: '+08:00' },
    'refresh-ms': { type: 'string', default: '5000' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  process.stdout.write(
    'Usage: quickbi-emulator [--port 9100] [--host 127.0.0.1] [--access-key-id ID --access-key-secret SECRET]\n' +
      '                        [--security-token T] [--tz +08:00] [--refresh-ms 5000]\n',
  );
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid --port ${values.port}`);
const refreshIntervalMs = Number(values['refresh-ms']);
if (!Number.isFinite(refreshIntervalMs) || refreshIntervalMs < 0) fail('invalid --refresh-ms');
const id = values['access-key-id'];
const secret = values['access-key-secret'];
if ((id === undefined) !== (secret === undefined)) {
  fail('give both --access-key-id and --access-key-secret, or neither');
}
const key: EmulatorAccessKey =
  id !== undefined && secret !== undefined
    ? {
        accessKeyId: id,
        accessKeySecret: secret,
        ...(values['security-token'] ? { securityToken: values['security-token'] } : {}),
      }
    : DEFAULT_ACCESS_KEY;

const emulator = await startEmulator({
  port,
  host: values.host,
  accessKeys: [key],
  timeZone: values.tz,
  refreshIntervalMs,
}).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));

const lines = [
  `Quick BI emulator listening`,
  `  OpenAPI endpoint: ${emulator.endpoint}`,
  `  Report origin:    ${emulator.reportOrigin}`,
  `  Control API:      ${emulator.url}/__emulator/ (works, users, stats, clock, faults, reset)`,
  // The secret is never printed: the caller gave it, or it is the documented default.
  `  AccessKeyId:      ${key.accessKeyId}${key === DEFAULT_ACCESS_KEY ? ' (default key)' : ''}`,
  `  Time zone:        ${values.tz}`,
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
