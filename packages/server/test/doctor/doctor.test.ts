/**
 * Issue 20, item 5: `quickbi-embed doctor` against the emulator in every combination of the
 * UNCONFIRMED emulator options it detects (updateTicketNumMode × ticketExtendFrom × timeZone): in
 * each it must detect the emulator's setting, delete what it created and print no secret. The
 * emulator is reached over loopback only (QUICKBI_ENDPOINT / QUICKBI_REPORT_ORIGIN).
 */
import { describe, expect, it } from 'vitest';
import { runDoctor } from '@quickbi-embed/server/doctor';
import type { DoctorReport } from '@quickbi-embed/server/doctor';
import { TEST_KEY, setupEmulator } from '../support/harness.js';

const emulator = setupEmulator({ emulator: { rateLimitPerSecond: 0 } });

/** The README's environment, pointed at the emulator. */
function envFor(extra: Record<string, string | undefined> = {}) {
  return {
    QUICKBI_ACCESS_KEY_ID: TEST_KEY.accessKeyId,
    QUICKBI_ACCESS_KEY_SECRET: TEST_KEY.accessKeySecret,
    QUICKBI_SECURITY_TOKEN: TEST_KEY.securityToken,
    QUICKBI_ENDPOINT: emulator.endpoint,
    QUICKBI_REPORT_ORIGIN: emulator.reportOrigin,
    ...extra,
  };
}

/** One embeddable works of each type the sample organisation has. */
const WORKS = [
  'dash-sales-0001',
  'book-finance-0001',
  'screen-live-0001',
  'offline-export-0001',
  'analysis-orders-0001',
  'form-orders-0001',
];

function expectNoSecret(report: DoctorReport) {
  const text = report.lines.join('\n');
  expect(text).not.toContain(TEST_KEY.accessKeySecret);
  expect(text).not.toContain(TEST_KEY.securityToken);
  expect(text).not.toContain(TEST_KEY.accessKeyId);
}

const MODES = ['setMax', 'addRemaining'] as const;
const EXTENDS = ['now', 'invalidTime'] as const;
const ZONES = ['+08:00', '+00:00', '-05:00'] as const;
const MATRIX = MODES.flatMap((mode) =>
  EXTENDS.flatMap((extendFrom) => ZONES.map((zone) => [mode, extendFrom, zone] as const)),
);

describe('the doctor detects each emulator setting', () => {
  it.each(MATRIX)(
    'updateTicketNumMode %s, ticketExtendFrom %s, timeZone %s',
    async (mode, extendFrom, zone) => {
      emulator.reset();
      emulator.setOptions({
        updateTicketNumMode: mode,
        ticketExtendFrom: extendFrom,
        timeZone: zone,
      });
      const report = await runDoctor({
        env: envFor(),
        worksIds: WORKS,
        copilotId: 'copilot-sales-0001',
      });
      expect(report.detected).toEqual({
        updateTicketNumMode: mode,
        ticketExtendFrom: extendFrom,
        timeZone: zone,
        smartQTickets: true,
      });
      expect(report.ok).toBe(true);
      expect(report.checks.filter((c) => c.status !== 'ok')).toEqual([]);
      // Printed by option name and value, and in the ready snippet.
      expect(report.lines).toContain(`  updateTicketNumMode: '${mode}'`);
      expect(report.lines).toContain(`  timeZone: '${zone}'`);
      expect(report.snippet).toContain(`updateTicketNumMode: '${mode}',`);
      expect(report.snippet).toContain(`timeZone: '${zone}',`);
      // Every page path answered with the report, one use each (the round trip's included).
      for (const type of [
        'dashboard',
        'workbook',
        'dataScreen',
        'selfServiceDownload',
        'adHocAnalysis',
        'dataEntryForm',
      ])
        expect(report.checks.find((c) => c.name.startsWith(`${type} page`))?.status).toBe('ok');
      // Everything it created is deleted; the uses it spent are counted and said.
      expect(report.tickets).toEqual({ created: 7, deleted: 7, usesConsumed: 6 });
      expect(emulator.stats().ticketsCreated).toBe(7);
      expect(report.lines.join('\n')).toContain('Ticket uses spent: 6');
      expectNoSecret(report);
    },
  );
});

describe('options the doctor does not detect leave its readings alone', () => {
  it.each([
    [
      'portalTickets false, postHeightOn all',
      { portalTickets: false, postHeightOn: 'all' as const },
    ],
    [
      'errorStatus 500, tokenExtendFrom invalidTime',
      { errorStatus: 500, tokenExtendFrom: 'invalidTime' as const },
    ],
  ])('%s', async (_name, options) => {
    emulator.reset();
    emulator.setOptions({ ...options, updateTicketNumMode: 'addRemaining', timeZone: '-05:00' });
    const report = await runDoctor({ env: envFor(), worksIds: ['dash-sales-0001'] });
    expect(report.detected).toMatchObject({
      updateTicketNumMode: 'addRemaining',
      ticketExtendFrom: 'now',
      timeZone: '-05:00',
    });
    expect(report.ok).toBe(true);
    expect(report.tickets.created).toBe(report.tickets.deleted);
  });
});

describe('a Quick BI whose page counts a use only in a browser', () => {
  /** Page GETs answer an app shell and reach nothing (no use consumed); API calls pass through. */
  const shellOnly: typeof fetch = async (input, init) =>
    new URL(String(input)).pathname.startsWith('/token3rd/')
      ? new Response('<html><div id="app"></div></html>', {
          headers: { 'content-type': 'text/html' },
        })
      : fetch(input, init);

  it('without a browser, updateTicketNumMode is undetermined, never guessed', async () => {
    emulator.reset();
    emulator.setOptions({ updateTicketNumMode: 'addRemaining' });
    const report = await runDoctor({
      env: envFor(),
      worksIds: ['dash-sales-0001'],
      fetch: shellOnly,
    });
    expect(report.detected.updateTicketNumMode).toBeUndefined();
    expect(report.checks.find((c) => c.name === 'UpdateTicketNum')?.status).toBe('warn');
    expect(report.snippet).toContain("// updateTicketNumMode: undetermined (default 'setMax')");
  });

  it.each(MODES)('opened in a browser, %s is detected', async (mode) => {
    emulator.reset();
    emulator.setOptions({ updateTicketNumMode: mode });
    const opened: string[] = [];
    const report = await runDoctor({
      env: envFor(),
      worksIds: ['dash-sales-0001'],
      fetch: shellOnly,
      // The "browser": a real page load on the emulator.
      openInBrowser: async (url) => {
        opened.push(url);
        await (await fetch(url)).text();
      },
    });
    expect(opened).toHaveLength(1);
    expect(new URL(opened[0]!).origin).toBe(new URL(emulator.reportOrigin).origin);
    expect(report.detected.updateTicketNumMode).toBe(mode);
    expect(report.tickets).toMatchObject({ created: 1, deleted: 1, usesConsumed: 1 });
  });
});

describe('the doctor names what is wrong', () => {
  it('a wrong secret: the signing check fails, naming the variable, never the value', async () => {
    emulator.reset();
    const report = await runDoctor({
      env: envFor({ QUICKBI_ACCESS_KEY_SECRET: 'WRONG-secret-value-123' }),
      worksIds: ['dash-sales-0001'],
    });
    expect(report.ok).toBe(false);
    const signing = report.checks.find((c) => c.name === 'keys sign, endpoint answers');
    expect(signing?.status).toBe('fail');
    expect(signing?.detail).toMatch(/SignatureDoesNotMatch.*QUICKBI_ACCESS_KEY_SECRET/);
    expect(report.lines.join('\n')).not.toContain('WRONG-secret-value-123');
    expect(emulator.stats().ticketsCreated).toBe(0);
  });

  it('a region with QUICKBI_ENDPOINT but no QUICKBI_REPORT_ORIGIN fails before any call', async () => {
    emulator.reset();
    const before = emulator.stats().calls;
    const report = await runDoctor({
      env: envFor({ QUICKBI_REPORT_ORIGIN: undefined, QUICKBI_REGION: 'cn-hangzhou' }),
    });
    expect(report.ok).toBe(false);
    expect(report.checks[0]).toMatchObject({ name: 'configuration', status: 'fail' });
    expect(report.checks[0]?.detail).toMatch(/QUICKBI_REPORT_ORIGIN/);
    expect(emulator.stats().calls).toEqual(before);
  });

  it('works with embedding off fail their check; no works given uses the first listed', async () => {
    emulator.reset();
    const off = await runDoctor({ env: envFor(), worksIds: ['dash-private-0003'] });
    expect(off.checks.find((c) => c.name === 'dash-private-0003 embeddable')?.status).toBe('fail');
    expect(off.tickets.created).toBe(off.tickets.deleted);
    const auto = await runDoctor({ env: envFor() });
    expect(auto.detected.updateTicketNumMode).toBeDefined();
    expect(auto.tickets.created).toBe(auto.tickets.deleted);
  });

  it('Smart Q without a copilot id: the action is served, told by its not-found answer', async () => {
    emulator.reset();
    const report = await runDoctor({ env: envFor(), worksIds: ['dash-sales-0001'] });
    expect(report.detected.smartQTickets).toBe(true);
    expect(report.checks.find((c) => c.name === 'Smart Q tickets')?.detail).toMatch(
      /placeholder id/,
    );
  });
});

describe('the doctor against the emulator settings it does not read back', () => {
  it('Smart Q on an undocumented site: unavailable, and available again with copilotRegions any', async () => {
    emulator.reset();
    emulator.setOptions({ region: 'cn-hangzhou', copilotRegions: 'documented' });
    const off = await runDoctor({
      env: envFor(),
      worksIds: ['dash-sales-0001'],
      copilotId: 'copilot-sales-0001',
    });
    expect(off.detected.smartQTickets).toBe(false);
    emulator.setOptions({ copilotRegions: 'any' });
    const on = await runDoctor({
      env: envFor(),
      worksIds: ['dash-sales-0001'],
      copilotId: 'copilot-sales-0001',
    });
    expect(on.detected.smartQTickets).toBe(true);
  });

  it('an ad hoc analysis page elsewhere than the default path fails its page check, alone', async () => {
    emulator.reset();
    emulator.setOptions({ pagePaths: { adHocAnalysis: '/adhoc/view/pc.htm' } });
    const report = await runDoctor({
      env: envFor(),
      worksIds: ['dash-sales-0001', 'analysis-orders-0001'],
    });
    const page = (type: string) => report.checks.find((c) => c.name.startsWith(`${type} page`));
    expect(page('adHocAnalysis')?.status).not.toBe('ok');
    expect(page('dashboard')?.status).toBe('ok');
    expect(report.ok).toBe(false);
    expect(report.tickets.created).toBe(report.tickets.deleted);
  });
});
