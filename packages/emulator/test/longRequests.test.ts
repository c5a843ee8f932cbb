/**
 * A regional manager's row filter: an `in` list of 1,500 store ids (~47 KB encoded). In the
 * query it is over the gateway's request-line limit and gets a JSON error with a code (not
 * node's empty 431); in a form body it passes, under both signature versions.
 */
import { describe, expect, it } from 'vitest';
import { setupEmulator } from './support/emulatorFixture.js';

const t = setupEmulator();

const stores = Array.from(
  { length: 1500 },
  (_, i) => `store-hangzhou-west-${String(i).padStart(5, '0')}`,
);
const globalParam = JSON.stringify([
  { paramKey: 'region', joinType: 'and', conditionList: [{ operate: 'in', value: stores }] },
]);
const params = { WorksId: 'dash-sales-0001', GlobalParam: globalParam };

describe('over-long requests', () => {
  it('is ~47 KB once encoded', () => {
    expect(encodeURIComponent(globalParam).length).toBeGreaterThan(45_000);
  });

  it.each(['v1', 'v3'] as const)(
    'answers a %s call with the filter in the query with a JSON 414, nothing minted',
    async (scheme) => {
      const { status, json, headers } = await t.call('CreateTicket', params, { scheme });
      expect(headers.get('content-type')).toContain('json');
      expect([status, json['Code']]).toEqual([414, 'RequestURITooLong']);
      expect(String(json['Message'])).toContain('form body');
      expect(t.emulator.stats().ticketsCreated).toBe(0);
    },
  );

  it.each(['v1', 'v3'] as const)('takes the same %s call in a form body', async (scheme) => {
    const created = await t.call('CreateTicket', params, { scheme, form: true });
    expect(created.status, created.text).toBe(200);
    const ticket = String(created.json['Result']);
    const info = await t.call('QueryTicketInfo', { Ticket: ticket }, { scheme, form: true });
    expect((info.json['Result'] as Record<string, unknown>)['GlobalParam']).toBe(globalParam);
  });

  it('answers JSON even past the server header limit, where node itself refuses', async () => {
    const url = `${t.emulator.endpoint}/?Action=CreateTicket&X=${'a'.repeat(400_000)}`;
    const response = await fetch(url, { method: 'POST' });
    expect(response.status).toBe(414);
    expect(await response.json()).toMatchObject({ Code: 'RequestURITooLong' });
  });

  it('moves the limit with maxUrlBytes (UNCONFIRMED), live', async () => {
    t.emulator.setOptions({ maxUrlBytes: 64 * 1024 });
    expect((await t.call('CreateTicket', params, { scheme: 'v3' })).status).toBe(200);
    t.emulator.setOptions({ maxUrlBytes: 1024 });
    const small = { WorksId: 'dash-sales-0001', WatermarkParam: 'x'.repeat(40) };
    expect((await t.call('CreateTicket', small, { scheme: 'v3' })).status).toBe(200);
    const over = await t.call('CreateTicket', { ...small, Pad: 'p'.repeat(1100) });
    expect(over.status).toBe(414);
  });
});
