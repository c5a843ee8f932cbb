import { describe, expect, it } from 'vitest';
import {
  buildCopilotUrl,
  buildPortalUrl,
  buildReportUrl,
  QUICKBI_WORKS_TYPE,
  UNCONFIRMED_URL_WORKS_TYPES,
  WORKS_TYPES,
  worksTypeFromQuickBI,
} from '../index.js';

const origin = 'https://bi.aliyun.com';
const ticket = { ticket: 'tk-1' };

describe('buildReportUrl', () => {
  it.each([
    ['dashboard', '/token3rd/dashboard/view/pc.htm', 'pageId'],
    ['workbook', '/token3rd/report/view.htm', 'id'],
    ['dataScreen', '/token3rd/screen/view/pc.htm', 'pageId'],
    ['selfServiceDownload', '/token3rd/offline/view/pc.htm', 'pageId'],
    ['adHocAnalysis', '/token3rd/analysis/view/pc.htm', 'pageId'],
    ['dataEntryForm', '/token3rd/dataForm/view/pc.htm', 'pageId'],
  ] as const)('%s: %s?%s=…&accessTicket=…', (worksType, path, idParam) => {
    const url = new URL(buildReportUrl({ origin, worksId: 'w 1', worksType, credential: ticket }));
    expect(url.pathname).toBe(path);
    expect(url.searchParams.get(idParam)).toBe('w 1');
    expect(url.searchParams.get('accessTicket')).toBe('tk-1');
  });

  it('lets the UNCONFIRMED page path and id parameter be overridden', () => {
    expect(UNCONFIRMED_URL_WORKS_TYPES).toEqual(['adHocAnalysis', 'dataEntryForm']);
    const url = new URL(
      buildReportUrl({
        origin,
        worksId: 'a1',
        worksType: 'adHocAnalysis',
        credential: ticket,
        pagePath: '/adhoc/view.htm',
        idParam: 'id',
      }),
    );
    expect(url.pathname).toBe('/token3rd/adhoc/view.htm');
    expect([url.searchParams.get('id'), url.searchParams.has('pageId')]).toEqual(['a1', false]);
    // A protocol-relative path would leave the Quick BI origin, for tickets and tokens alike.
    for (const credential of [ticket, { accessToken: 'at' }]) {
      expect(() =>
        buildReportUrl({ origin, worksId: 'a', credential, pagePath: '//evil.example/x' }),
      ).toThrow(TypeError);
    }
    expect(() =>
      buildReportUrl({ origin, worksId: 'a', credential: ticket, pagePath: 'x' }),
    ).toThrow(TypeError);
  });

  it('keeps cmptId to dashboards and uses the logged-in route for tokens', () => {
    const form = buildReportUrl({
      origin,
      worksId: 'f',
      worksType: 'dataEntryForm',
      cmptId: 'c',
      credential: ticket,
    });
    expect(new URL(form).searchParams.has('cmptId')).toBe(false);
    const token = new URL(
      buildReportUrl({ origin, worksId: 'd', credential: { accessToken: 'at' } }),
    );
    expect([token.pathname, token.searchParams.get('accessToken')]).toEqual([
      '/dashboard/view/pc.htm',
      'at',
    ]);
  });
});

describe('works types', () => {
  it("map to GetWorksEmbedList's wire names and back", () => {
    expect(WORKS_TYPES.map((t) => QUICKBI_WORKS_TYPE[t])).toEqual([
      'page',
      'report',
      'screen',
      'dashboardOfflineQuery',
      'ANALYSIS',
      'dataForm',
    ]);
    for (const type of WORKS_TYPES)
      expect(worksTypeFromQuickBI(QUICKBI_WORKS_TYPE[type])).toBe(type);
    expect(worksTypeFromQuickBI('DATAPRODUCT')).toBeUndefined();
  });
});

describe('Smart Q and portal URLs', () => {
  it('builds a Smart Q URL with its UNCONFIRMED defaults, overridable', () => {
    const url = new URL(buildCopilotUrl({ origin, copilotId: 'cp', ticket: 't' }));
    expect([
      url.pathname,
      url.searchParams.get('copilotId'),
      url.searchParams.get('accessTicket'),
    ]).toEqual(['/token3rd/copilot/view/pc.htm', 'cp', 't']);
    const custom = new URL(
      buildCopilotUrl({
        origin,
        copilotId: 'cp',
        ticket: 't',
        pagePath: '/copilot/embed.htm',
        idParam: 'id',
      }),
    );
    expect([custom.pathname, custom.searchParams.get('id')]).toEqual([
      '/token3rd/copilot/embed.htm',
      'cp',
    ]);
  });

  it('builds a portal URL with an optional menu', () => {
    const url = new URL(buildPortalUrl({ origin, dataPortalId: 'p', ticket: 't', menuId: 'm' }));
    expect([
      url.pathname,
      url.searchParams.get('productId'),
      url.searchParams.get('menuId'),
      url.searchParams.get('accessTicket'),
    ]).toEqual(['/token3rd/product/view.htm', 'p', 'm', 't']);
  });
});
