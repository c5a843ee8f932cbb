/**
 * The in-memory emulator (`createEmulator`) answers fetch Requests with no server: the one
 * implementation the Node server, the msw handlers and the browser build share.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCESS_KEY, createEmulator } from '../src/index.js';
import { BASE_TIME } from './support/emulatorFixture.js';
import { createTestClient } from './support/signingClient.js';

const ORIGIN = 'http://quickbi.emulator.test';

function setup() {
  const emulator = createEmulator({ now: () => BASE_TIME });
  const fetchIt: typeof fetch = (input, init) => emulator.fetch(new Request(input, init));
  const call = createTestClient(ORIGIN, {
    key: DEFAULT_ACCESS_KEY,
    now: () => emulator.now(),
    fetch: fetchIt,
  });
  return { emulator, call, fetchIt };
}

describe('createEmulator().fetch', () => {
  it('serves a signed CreateTicket and the embed page that spends one use', async () => {
    const { emulator, call, fetchIt } = setup();
    const created = await call('CreateTicket', { WorksId: 'dash-sales-0001', TicketNum: '2' });
    expect(created.status).toBe(200);
    const ticket = String(created.json['Result']);
    const page = await fetchIt(
      `${ORIGIN}/token3rd/dashboard/view/pc.htm?pageId=dash-sales-0001&accessTicket=${ticket}`,
    );
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('Sales overview');
    expect(emulator.stats().ticketUses[ticket]).toBe(1);
  });

  it('serves the height script on the pages postHeightOn names (the browser build shares this)', async () => {
    const HEIGHT = 'id="qbi-height-script"';
    const pages = async (postHeightOn?: 'reports' | 'all') => {
      const emulator = createEmulator({
        now: () => BASE_TIME,
        ...(postHeightOn && { postHeightOn }),
      });
      const fetchIt: typeof fetch = (input, init) => emulator.fetch(new Request(input, init));
      const call = createTestClient(ORIGIN, {
        key: DEFAULT_ACCESS_KEY,
        now: () => emulator.now(),
        fetch: fetchIt,
      });
      const ticket = async (WorksId: string) =>
        String((await call('CreateTicket', { WorksId })).json['Result']);
      const html = async (path: string) => (await fetchIt(`${ORIGIN}${path}`)).text();
      return {
        dashboard: await html(
          `/token3rd/dashboard/view/pc.htm?pageId=dash-sales-0001&accessTicket=${await ticket('dash-sales-0001')}`,
        ),
        workbook: await html(
          `/token3rd/report/view.htm?id=book-finance-0001&accessTicket=${await ticket('book-finance-0001')}`,
        ),
        error: await html('/token3rd/dashboard/view/pc.htm?pageId=dash-sales-0001&accessTicket=x'),
      };
    };
    const speaking = (p: Record<string, string>) =>
      Object.entries(p).flatMap(([name, html]) => (html.includes(HEIGHT) ? [name] : []));
    expect(speaking(await pages())).toEqual(['dashboard']);
    expect(speaking(await pages('reports'))).toEqual(['dashboard', 'workbook']);
    expect(speaking(await pages('all'))).toEqual(['dashboard', 'workbook', 'error']);
    // The refresh loop is on every report page whatever the option.
    for (const html of Object.values(await pages()))
      expect(html).toContain('id="qbi-refresh-script"');
  });

  it('refuses a bad signature without running the action', async () => {
    const { emulator, call } = setup();
    const r = await call(
      'CreateTicket',
      { WorksId: 'dash-sales-0001' },
      { key: { ...DEFAULT_ACCESS_KEY, accessKeySecret: 'wrong' } },
    );
    expect(r.json['Code']).toBe('SignatureDoesNotMatch');
    expect(emulator.stats().ticketsCreated).toBe(0);
  });

  it('runs the control API: clock, faults, stats', async () => {
    const { emulator, fetchIt } = setup();
    const moved = await fetchIt(`${ORIGIN}/__emulator/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: 90_000 }),
    });
    expect(await moved.json()).toEqual({ now: BASE_TIME + 90_000, offsetMs: 90_000 });
    expect(emulator.now()).toBe(BASE_TIME + 90_000);
    const bad = await fetchIt(`${ORIGIN}/__emulator/faults`, { method: 'POST', body: '{}' });
    expect(bad.status).toBe(400);
  });

  it('a drop fault rejects like a lost connection', async () => {
    const { emulator, call } = setup();
    emulator.setFaults({ action: 'CreateTicket', drop: true, count: 1 });
    await expect(call('CreateTicket', { WorksId: 'dash-sales-0001' })).rejects.toThrow(TypeError);
    expect(emulator.stats().errors['(dropped)']).toBe(1);
  });

  it('answers unknown paths as the gateway does', async () => {
    const { fetchIt } = setup();
    const r = await fetchIt(`${ORIGIN}/nope`);
    expect(r.status).toBe(404);
    expect((await r.json()) as object).toMatchObject({ Code: 'InvalidAction.NotFound' });
  });
});
