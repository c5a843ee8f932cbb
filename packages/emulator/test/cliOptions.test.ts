/** Every `startEmulator` option has a CLI flag, parsed into the option startEmulator takes. */
import { describe, expect, it } from 'vitest';
import { CliError, clockFrom, parseCliOptions } from '../src/cliOptions.js';
import { LIVE_OPTIONS } from '../src/options.js';

describe('CLI flags', () => {
  it('maps every flag to its option', () => {
    const cli = parseCliOptions([
      ...['--port', '0', '--host', '::1'],
      ...['--access-key-id', 'id', '--access-key-secret', 'secret', '--security-token', 'sts'],
      ...['--tz', '+00:00', '--refresh-ms', '0', '--rate-limit', '7'],
      ...['--organization-id', 'org-x', '--ticket-extend-from', 'invalidTime'],
      ...['--token-extend-from', 'invalidTime', '--update-ticket-num-mode', 'addRemaining'],
      ...['--max-expire-minutes', '60', '--error-status', '2022-01-01=403,2021-03-25=502'],
      ...['--max-token-creates', '3', '--rpc-timestamp-window-ms', '1000'],
      ...['--v3-date-window-ms', '2000', '--start-time', '2026-01-01T00:00:00Z'],
      ...['--post-height-on', 'reports', '--portal-tickets', 'false'],
      ...['--max-embedded-count', '12', '--region', 'cn-hangzhou'],
      ...['--copilot-regions', 'any', '--page-path-copilot', '/copilot/view.htm'],
      ...['--page-path-dataPortal', '/product/view/pc.htm', '--max-url-bytes', '4096'],
      ...['--works-file', 'w.json', '--users-file', 'u.json', '--log'],
    ]);
    const { now, ...options } = cli.options;
    expect(options).toEqual({
      port: 0,
      host: '::1',
      accessKeys: [{ accessKeyId: 'id', accessKeySecret: 'secret', securityToken: 'sts' }],
      timeZone: '+00:00',
      refreshIntervalMs: 0,
      rateLimitPerSecond: 7,
      organizationId: 'org-x',
      ticketExtendFrom: 'invalidTime',
      tokenExtendFrom: 'invalidTime',
      updateTicketNumMode: 'addRemaining',
      maxExpireMinutes: 60,
      errorStatus: { '2022-01-01': 403, '2021-03-25': 502 },
      maxTokenCreatesPerWindow: 3,
      rpcTimestampWindowMs: 1000,
      v3DateWindowMs: 2000,
      postHeightOn: 'reports',
      portalTickets: false,
      maxEmbeddedCount: 12,
      maxUrlBytes: 4096,
      region: 'cn-hangzhou',
      copilotRegions: 'any',
      pagePaths: { copilot: '/copilot/view.htm', dataPortal: '/product/view/pc.htm' },
    });
    expect(typeof now).toBe('function');
    expect(cli).toMatchObject({ log: true, worksFile: 'w.json', usersFile: 'u.json' });
    // Every option the control API can change has a flag too.
    for (const name of LIVE_OPTIONS) expect(Object.keys(cli.options)).toContain(name);
  });

  it('gives only what was asked: startEmulator keeps its defaults', () => {
    expect(parseCliOptions([]).options).toEqual({ port: 9100 });
    expect(parseCliOptions(['--error-status', '500']).options.errorStatus).toBe(500);
  });

  it('refuses bad values with a message naming the flag', () => {
    const bad: Array<[string[], RegExp]> = [
      [['--port', '70000'], /--port/],
      [['--refresh-ms', '-1'], /--refresh-ms/],
      [['--ticket-extend-from', 'later'], /--ticket-extend-from/],
      [['--portal-tickets', 'no'], /--portal-tickets must be one of true, false/],
      [['--max-embedded-count', '-3'], /--max-embedded-count/],
      [
        ['--post-height-on', 'dashboard'],
        /--post-height-on must be one of dashboards, reports, all/,
      ],
      [['--error-status', '2022-01-01=abc'], /--error-status/],
      [['--access-key-id', 'only-id'], /both/],
      [['--security-token', 'sts'], /--security-token/],
      [['--start-time', 'yesterday'], /--start-time/],
      [['--no-such-flag'], /no-such-flag/],
    ];
    for (const [args, message] of bad) {
      expect(() => parseCliOptions(args), args.join(' ')).toThrow(CliError);
      expect(() => parseCliOptions(args)).toThrow(message);
    }
  });

  it('--start-time starts the base clock there and lets it run', () => {
    let real = 1_000;
    const now = clockFrom('2026-01-01T00:00:00Z', () => real);
    expect(now()).toBe(Date.parse('2026-01-01T00:00:00Z'));
    real += 5_000;
    expect(now()).toBe(Date.parse('2026-01-01T00:00:05Z'));
  });
});
