/**
 * The Smart Q and inventory client methods and the inventory helpers, signed V3 and V1, over real
 * HTTP against the emulator.
 */
import { describe, expect, it } from 'vitest';
import { QuickBIApiError, listEmbeddableWorks, listPortalEntries } from '@quickbi-embed/server';
import { setupEmulator, testClient } from './support/harness.js';

const emulator = setupEmulator({ resetEach: true });

describe.each(['v3', 'v1'] as const)('embedding inventory signed with %s', (signatureVersion) => {
  it('creates a Smart Q ticket bound to a user', async () => {
    const client = testClient(emulator, { signatureVersion });
    const { ticket } = await client.createCopilotTicket({
      copilotId: 'copilot-sales-0001',
      userId: 'user-bob-0002',
      ticketNum: 2,
      expireMinutes: 30,
    });
    const info = await client.queryTicketInfo({ ticket });
    expect([info.worksId, info.userId, info.maxUses]).toEqual([
      'copilot-sales-0001',
      'user-bob-0002',
      2,
    ]);
    await expect(
      client.createCopilotTicket({ copilotId: 'dash-sales-0001' }),
    ).rejects.toMatchObject({
      code: 'Invalid.Parameter.Error',
    });
  });

  it('reads the embedding quota', async () => {
    const client = testClient(emulator, { signatureVersion });
    const info = await client.queryEmbeddedInfo();
    expect(info).toMatchObject({
      embeddedCount: 7,
      maxCount: 100,
      detail: { dashboard: 2, workbook: 1, selfServiceDownload: 1 },
    });
  });

  it('pages GetWorksEmbedList with our works type names', async () => {
    const client = testClient(emulator, { signatureVersion });
    const page = await client.getWorksEmbedList({ pageNo: 2, pageSize: 2 });
    expect(page).toMatchObject({ pageNo: 2, pageSize: 2, totalNum: 7, totalPages: 4 });
    expect(page.works).toHaveLength(2);
    const adHoc = await client.getWorksEmbedList({ worksType: 'adHocAnalysis' });
    expect(adHoc.works).toEqual([
      {
        worksId: 'analysis-orders-0001',
        name: 'Order analysis',
        worksType: 'adHocAnalysis',
        quickbiWorksType: 'ANALYSIS',
        workspaceId: 'ws-demo-0001',
        embedTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
      },
    ]);
  });

  it('lists a portal menu for a user, parsed from its JSON string', async () => {
    const client = testClient(emulator, { signatureVersion });
    const { menus } = await client.listPortalMenus({
      dataPortalId: 'portal-sales-0001',
      userId: 'user-alice-0001',
    });
    expect(menus.map((m) => m.menuId)).toEqual(['menu-reports', 'menu-export', 'menu-help']);
    expect(menus[0]?.children.map((m) => [m.menuId, m.menuType, m.uri])).toEqual([
      ['menu-sales', 0, 'dash-sales-0001'],
      ['menu-finance', 2, 'book-finance-0001'],
    ]);
    const error = await client
      .listPortalMenus({ dataPortalId: 'portal-sales-0001', userId: 'ghost' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuickBIApiError);
    expect(error).toMatchObject({ code: 'User.Not.In.Organization' });
  });
});

describe('inventory helpers', () => {
  it('lists every embeddable works across pages, narrowed by the app rule', async () => {
    const client = testClient(emulator);
    const all = await listEmbeddableWorks(client, { pageSize: 2 });
    expect(all.map((w) => w.worksId).sort()).toEqual(
      [
        'analysis-orders-0001',
        'book-finance-0001',
        'dash-ops-0002',
        'dash-sales-0001',
        'form-orders-0001',
        'offline-export-0001',
        'screen-live-0001',
      ].sort(),
    );
    expect(emulator.stats().calls['GetWorksEmbedList']).toBe(4);
    const dashboards = await listEmbeddableWorks(client, {
      allow: (w) => w.worksType === 'dashboard' && w.worksId !== 'dash-ops-0002',
    });
    expect(dashboards.map((w) => w.worksId)).toEqual(['dash-sales-0001']);
  });

  it('stops at maxPages', async () => {
    const client = testClient(emulator);
    const some = await listEmbeddableWorks(client, { pageSize: 2, maxPages: 2 });
    expect(some).toHaveLength(4);
    expect(emulator.stats().calls['GetWorksEmbedList']).toBe(2);
  });

  it('turns a portal menu into embeddable entries and links, for that user', async () => {
    const client = testClient(emulator);
    const bob = await listPortalEntries(client, {
      dataPortalId: 'portal-sales-0001',
      userId: 'user-bob-0002',
    });
    expect(bob.entries).toEqual([
      {
        menuId: 'menu-sales',
        name: 'Sales overview',
        folders: ['报表 / Reports'],
        worksId: 'dash-sales-0001',
        worksType: 'dashboard',
      },
      {
        menuId: 'menu-export',
        name: 'Order export',
        folders: [],
        worksId: 'offline-export-0001',
        worksType: 'selfServiceDownload',
      },
    ]);
    expect(bob.links.map((l) => l.menuId)).toEqual(['menu-help']);
    const alice = await listPortalEntries(client, {
      dataPortalId: 'portal-sales-0001',
      userId: 'user-alice-0001',
    });
    expect(alice.entries.map((e) => e.menuId)).toContain('menu-finance');
  });
});
