/**
 * By default the emulator does only what Quick BI documents: no portal tickets, Smart Q tickets on
 * the Smart Q sites only and within Smart Q's own 240-minute cap, Invalid.Organization's own text,
 * and a portal menu whose linked works a user may not open (`dependentPermisson: false`).
 */
import { describe, expect, it } from 'vitest';
import { setupEmulator } from './support/emulatorFixture.js';

const t = setupEmulator();

describe('documented defaults', () => {
  it('refuses CreateTicket for a data portal (CreateTicket lists no portal)', async () => {
    const { status, json } = await t.call('CreateTicket', { WorksId: 'portal-sales-0001' });
    expect([status, json['Code'], json['Message']]).toEqual([
      400,
      'Invalid.Parameter.Error',
      'The parameter is invalid:WorksId.',
    ]);
    expect(t.emulator.stats().ticketsCreated).toBe(0);
    t.emulator.setOptions({ portalTickets: true });
    expect((await t.call('CreateTicket', { WorksId: 'portal-sales-0001' })).status).toBe(200);
  });

  it('mints Smart Q tickets on the documented Smart Q sites only, unless told otherwise', async () => {
    const copilot = { CopilotId: 'copilot-sales-0001' };
    // The default site is Hong Kong, one of the two Smart Q sites.
    expect((await t.call('CreateTicket4Copilot', copilot)).status).toBe(200);
    t.emulator.setOptions({ region: 'ap-southeast-3' });
    expect((await t.call('CreateTicket4Copilot', copilot)).status).toBe(200);
    t.emulator.setOptions({ region: 'cn-hangzhou' });
    const refused = await t.call('CreateTicket4Copilot', copilot);
    expect([refused.status, refused.json['Code']]).toEqual([400, 'Access.Forbidden']);
    expect(t.emulator.stats().ticketsCreated).toBe(2);
    t.emulator.setOptions({ copilotRegions: 'any' });
    expect((await t.call('CreateTicket4Copilot', copilot)).status).toBe(200);
  });

  it("caps Smart Q's ExpireTime at its own 240 minutes, whatever CreateTicket's cap is", async () => {
    const copilot = { CopilotId: 'copilot-sales-0001' };
    t.emulator.setOptions({ maxExpireMinutes: 1000 });
    expect(
      (await t.call('CreateTicket', { WorksId: 'dash-sales-0001', ExpireTime: '241' })).status,
    ).toBe(200);
    const over = await t.call('CreateTicket4Copilot', { ...copilot, ExpireTime: '241' });
    expect([over.status, over.json['Code']]).toEqual([400, 'Invalid.Parameter.Error']);
    t.emulator.setOptions({ maxExpireMinutes: 60 });
    expect((await t.call('CreateTicket4Copilot', { ...copilot, ExpireTime: '240' })).status).toBe(
      200,
    );
  });

  it('answers Invalid.Organization with the documented message', async () => {
    t.emulator.setFaults({ action: 'ListPortalMenus', code: 'Invalid.Organization', count: 1 });
    const { json } = await t.call('ListPortalMenus', { DataPortalId: 'portal-sales-0001' });
    expect([json['Code'], json['Message']]).toEqual([
      'Invalid.Organization',
      'The specified organizational unit does not exist.',
    ]);
  });

  it('lists a portal menu whose linked works the user may not open (dependentPermisson: false)', async () => {
    const menus = async (userId: string) => {
      const { json } = await t.call('ListPortalMenus', {
        DataPortalId: 'portal-ops-0002',
        UserId: userId,
      });
      return (JSON.parse(String(json['Result'])) as Array<Record<string, unknown>>).map((m) => [
        m['menuId'],
        m['dependentPermisson'],
      ]);
    };
    expect(await menus('user-bob-0002')).toEqual([
      ['menu-ops-restricted', false],
      ['menu-ops-sales', true],
    ]);
    expect(await menus('user-alice-0001')).toEqual([
      ['menu-ops-restricted', true],
      ['menu-ops-sales', true],
    ]);
  });
});
