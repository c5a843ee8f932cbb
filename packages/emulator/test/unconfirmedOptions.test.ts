/**
 * `UNCONFIRMED_OPTIONS` is the one list of the readings Quick BI's docs leave open: each option ×
 * value can be set while running (control API) and by its CLI flag, and the page paths move pages.
 */
import { describe, expect, it } from 'vitest';
import { parseCliOptions } from '../src/cliOptions.js';
import {
  DEFAULT_PAGE_PATHS,
  UNCONFIRMED_OPTIONS,
  createEmulator,
  unconfirmedPatch,
  type UnconfirmedValue,
} from '../src/index.js';
import { LIVE_OPTIONS } from '../src/options.js';
import { setupEmulator } from './support/emulatorFixture.js';

const t = setupEmulator();

function read(options: Record<string, unknown>, name: string): unknown {
  return name.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown>)[key], options);
}

async function control(body?: object): Promise<Record<string, unknown>> {
  const response = await fetch(`${t.emulator.url}/__emulator/options`, {
    method: body ? 'POST' : 'GET',
    ...(body
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      : {}),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('UNCONFIRMED_OPTIONS', () => {
  it('lists every undocumented reading, each with its default, values and a live option', () => {
    expect(UNCONFIRMED_OPTIONS.map((o) => o.name)).toEqual([
      'updateTicketNumMode',
      'ticketExtendFrom',
      'tokenExtendFrom',
      'timeZone',
      'postHeightOn',
      'portalTickets',
      'copilotRegions',
      'maxUrlBytes',
      'pagePaths.adHocAnalysis',
      'pagePaths.dataEntryForm',
      'pagePaths.copilot',
      'pagePaths.dataPortal',
    ]);
    const defaults = createEmulator().options as unknown as Record<string, unknown>;
    for (const option of UNCONFIRMED_OPTIONS) {
      expect(option.values.length, option.name).toBeGreaterThanOrEqual(2);
      expect(option.values, option.name).toContain(option.default);
      expect(read(defaults, option.name), option.name).toEqual(option.default);
      expect(LIVE_OPTIONS as readonly string[]).toContain(option.name.split('.')[0]);
    }
  });

  it('sets every option × value through the control API and through its CLI flag', async () => {
    for (const option of UNCONFIRMED_OPTIONS) {
      for (const value of option.values) {
        const shown = await control(unconfirmedPatch(option.name, value));
        expect(read(shown, option.name), `${option.name}=${String(value)}`).toEqual(value);
        const cli = parseCliOptions([option.flag, String(value)]).options;
        expect(cli).toMatchObject(unconfirmedPatch(option.name, value));
      }
      t.emulator.reset();
      expect(read(await control(), option.name)).toEqual(option.default);
    }
  });

  it('moves a page: served on its new path only, other types where they were', async () => {
    const path = (p: string) =>
      fetch(`${t.emulator.url}/token3rd${p}?copilotId=copilot-sales-0001&accessTicket=x`);
    expect((await path(DEFAULT_PAGE_PATHS.copilot)).status).toBe(200);
    await control(unconfirmedPatch('pagePaths.copilot', '/copilot/view.htm'));
    await control(unconfirmedPatch('pagePaths.dataPortal', '/product/view/pc.htm'));
    expect((await path('/copilot/view.htm')).status).toBe(200);
    expect((await path(DEFAULT_PAGE_PATHS.copilot)).status).toBe(404);
    expect(t.emulator.routeOf('/token3rd/copilot/view.htm')).toBe('pages');
    expect(t.emulator.routeOf(`/token3rd${DEFAULT_PAGE_PATHS.copilot}`)).toBeNull();
    // The second patch kept the first.
    expect(read(await control(), 'pagePaths')).toMatchObject({
      copilot: '/copilot/view.htm',
      dataPortal: '/product/view/pc.htm',
      adHocAnalysis: DEFAULT_PAGE_PATHS.adHocAnalysis,
    });
  });

  it.each<[string, UnconfirmedValue | object]>([
    ['a documented page path', { pagePaths: { copilot: '/dashboard/view/pc.htm' } }],
    ['one path for two types', { pagePaths: { copilot: '/x.htm', dataPortal: '/x.htm' } }],
    ['a path leaving the origin', { pagePaths: { copilot: '//evil.example/x.htm' } }],
    ['a documented type', { pagePaths: { dashboard: '/x.htm' } }],
    ['an unknown region reading', { copilotRegions: 'some' }],
  ])('refuses %s, changing nothing', async (_name, patch) => {
    const response = await fetch(`${t.emulator.url}/__emulator/options`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(patch),
    });
    expect(response.status).toBe(400);
    expect(read(await control(), 'pagePaths')).toEqual(DEFAULT_PAGE_PATHS);
  });
});
