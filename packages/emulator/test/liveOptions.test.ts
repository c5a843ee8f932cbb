/** Every live option through the control API: `GET/POST /__emulator/options`. */
import { describe, expect, it } from 'vitest';
import { setupEmulator } from './support/emulatorFixture.js';

const t = setupEmulator();

async function options(body?: object) {
  const response = await fetch(`${t.emulator.url}/__emulator/options`, {
    method: body ? 'POST' : 'GET',
    ...(body
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      : {}),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('control API: options', () => {
  it('shows every option and never a secret', async () => {
    const { status, json } = await options();
    expect(status).toBe(200);
    for (const name of ['timeZone', 'rateLimitPerSecond', 'errorStatus', 'v3DateWindowMs']) {
      expect(json).toHaveProperty(name);
    }
    expect(json['postHeightOn']).toBe('dashboards');
    expect(JSON.stringify(json)).not.toContain(t.emulator.accessKeys[0]!.accessKeySecret);
    expect(json['accessKeys']).toEqual([
      { accessKeyId: t.emulator.accessKeys[0]!.accessKeyId, securityToken: 'none' },
    ]);
  });

  it('changes a business error status while running', async () => {
    const before = await t.call('CreateTicket', { WorksId: 'dash-nope' });
    expect(before.status).toBe(400);
    await options({ errorStatus: 500 });
    const after = await t.call('CreateTicket', { WorksId: 'dash-nope' });
    expect(after).toMatchObject({ status: 500, json: { Code: 'Report.NotExist.Error' } });
  });

  it('changes the rate limit while running', async () => {
    await options({ rateLimitPerSecond: 1 });
    const first = await t.call('QueryTicketInfo', { Ticket: 'x' });
    const second = await t.call('QueryTicketInfo', { Ticket: 'x' });
    expect(first.json['Code']).toBe('Authorize3rdTicket.NotExist');
    expect(second.json['Code']).toBe('Throttling');
  });

  it('refuses a bad value or a start-only option, changing nothing', async () => {
    const bad = await options({ updateTicketNumMode: 'sometimes', maxExpireMinutes: 10 });
    expect(bad.status).toBe(400);
    expect(String(bad.json['error'])).toContain('updateTicketNumMode');
    expect((await options()).json['maxExpireMinutes']).toBe(240);
    const port = await options({ port: 1 });
    expect(port.status).toBe(400);
    expect(String(port.json['error'])).toContain('port');
  });

  it('reset restores the options the emulator started with', async () => {
    await options({ maxExpireMinutes: 10, timeZone: '+00:00' });
    t.emulator.reset();
    expect((await options()).json).toMatchObject({ maxExpireMinutes: 240, timeZone: '+08:00' });
  });

  it('adds an access key the next signed call can use', async () => {
    const key = { accessKeyId: 'second-id', accessKeySecret: 'second-secret-value' };
    expect((await t.call('QueryTicketInfo', { Ticket: 'x' }, { key })).json['Code']).toBe(
      'InvalidAccessKeyId.NotFound',
    );
    const r = await options({ accessKeys: [...t.emulator.accessKeys, key] });
    expect(JSON.stringify(r.json)).not.toContain('second-secret-value');
    expect((await t.call('QueryTicketInfo', { Ticket: 'x' }, { key })).json['Code']).toBe(
      'Authorize3rdTicket.NotExist',
    );
  });

  it('changes which pages speak the height channel (postHeightOn) while running', async () => {
    const page = async (path: string) => (await fetch(`${t.emulator.reportOrigin}${path}`)).text();
    const HEIGHT = 'id="qbi-height-script"';
    const errorPage = '/token3rd/dashboard/view/pc.htm?pageId=dash-sales-0001&accessTicket=nope';
    const book = async () =>
      `/token3rd/report/view.htm?id=book-finance-0001&accessTicket=${String(
        (await t.call('CreateTicket', { WorksId: 'book-finance-0001' })).json['Result'],
      )}`;
    expect(await page(errorPage)).not.toContain(HEIGHT);
    expect(await page(await book())).not.toContain(HEIGHT);

    expect((await options({ postHeightOn: 'reports' })).json['postHeightOn']).toBe('reports');
    expect(await page(errorPage)).not.toContain(HEIGHT);
    expect(await page(await book())).toContain(HEIGHT);

    await options({ postHeightOn: 'all' });
    expect(await page(errorPage)).toContain(HEIGHT);

    const bad = await options({ postHeightOn: 'everything' });
    expect(bad.status).toBe(400);
    expect(String(bad.json['error'])).toBe(
      'postHeightOn must be one of dashboards, reports, all, got "everything"',
    );
    expect((await options()).json['postHeightOn']).toBe('all');
    t.emulator.reset();
    expect((await options()).json['postHeightOn']).toBe('dashboards');
    expect(await page(errorPage)).not.toContain(HEIGHT);
  });
});
