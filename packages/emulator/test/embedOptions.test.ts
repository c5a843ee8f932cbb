/** The UNCONFIRMED choices of the new actions are options: portal tickets and the embed quota. */
import { describe, expect, it } from 'vitest';
import { setupEmulator } from './support/emulatorFixture.js';

const t = setupEmulator({ portalTickets: false, maxEmbeddedCount: 7 });

describe('embedding options', () => {
  it('portalTickets: false refuses CreateTicket for a data portal', async () => {
    const { status, json } = await t.call('CreateTicket', { WorksId: 'portal-sales-0001' });
    expect([status, json['Code']]).toEqual([400, 'Invalid.Parameter.Error']);
    // Its menu is still listed: that is documented.
    expect((await t.call('ListPortalMenus', { DataPortalId: 'portal-sales-0001' })).status).toBe(
      200,
    );
  });

  it('maxEmbeddedCount is QueryEmbeddedInfo.MaxCount', async () => {
    const { json } = await t.call('QueryEmbeddedInfo');
    expect(json['Result']).toMatchObject({ EmbeddedCount: 7, MaxCount: 7 });
  });
});
