/** The page handler over loopback HTTP, without a browser: routing, methods, refresh JSON. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFRESH_PATH } from '../src/pages/index.js';
import { FakePageBackend, sampleWorks } from './pages/fakeBackend.js';
import { startPageServer } from './pages/servers.js';
import type { TestServer } from './pages/servers.js';

let backend: FakePageBackend;
let server: TestServer;
const HOUR = 3_600_000;

beforeAll(async () => {
  backend = new FakePageBackend();
  backend.addWorks(sampleWorks({ worksId: 'dash-1' }));
  server = await startPageServer(backend, 1000);
});

afterAll(() => server?.close());

const get = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);

function viewIdOf(html: string): string {
  const match = /"viewId":"([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no viewId in page');
  return match[1];
}

describe('page handler over HTTP', () => {
  it('leaves paths that are not pages to the server', async () => {
    for (const path of [
      '/',
      '/token3rd/dashboard/view/mobile.htm',
      '/__emulator/stats',
      '/token3rd',
    ]) {
      expect((await get(path)).status).toBe(404);
    }
  });

  it('serves each page path with and without token3rd as uncached HTML, one load per request', async () => {
    const ticket = backend.addTicket({
      ticket: 'multi',
      worksId: 'dash-1',
      uses: 10,
      expiresAt: backend.clock + HOUR,
    });
    const before = backend.loads;
    for (const path of ['/token3rd/dashboard/view/pc.htm', '/dashboard/view/pc.htm']) {
      const response = await get(`${path}?pageId=dash-1&accessTicket=${ticket}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.text()).toContain('data-testid="row"');
    }
    expect(backend.loads - before).toBe(2);
    expect(backend.tickets.get('multi')?.uses).toBe(8);
  });

  it('refuses other methods without consuming a use', async () => {
    const ticket = backend.addTicket({
      ticket: 'post',
      worksId: 'dash-1',
      uses: 1,
      expiresAt: backend.clock + HOUR,
    });
    const response = await get(
      `/token3rd/dashboard/view/pc.htm?pageId=dash-1&accessTicket=${ticket}`,
      {
        method: 'POST',
      },
    );
    expect(response.status).toBe(405);
    expect(backend.tickets.get('post')?.uses).toBe(1);
  });

  it('answers refreshes with re-rendered HTML while valid and the error once expired', async () => {
    const ticket = backend.addTicket({
      ticket: 'refresh',
      worksId: 'dash-1',
      expiresAt: backend.clock + HOUR,
    });
    const page = await (
      await get(`/token3rd/dashboard/view/pc.htm?pageId=dash-1&accessTicket=${ticket}`)
    ).text();
    const viewId = viewIdOf(page);

    const ok = await get(`${REFRESH_PATH}?viewId=${encodeURIComponent(viewId)}`);
    expect(ok.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const okBody = (await ok.json()) as { ok: boolean; html: string; refreshedAtMs: number };
    expect(okBody.ok).toBe(true);
    expect(okBody.refreshedAtMs).toBe(backend.clock);
    expect(okBody.html.match(/data-testid="row"/g)).toHaveLength(40);
    expect(backend.tickets.get('refresh')?.uses).toBe(0);

    backend.clock += HOUR;
    const expired = (await (await get(`${REFRESH_PATH}?viewId=${viewId}`)).json()) as Record<
      string,
      string
    >;
    expect(expired.ok).toBe(false);
    expect(expired.code).toBe('Authorize3rdTicket.Expired');
    expect(expired.message).toBe('Ticket[refresh]has expired');
    expect(expired.html).toContain('data-error-code="Authorize3rdTicket.Expired"');

    const missing = await get(REFRESH_PATH);
    expect(missing.status).toBe(400);
  });

  it('keeps a URL-controlled pageId inside the page config script', async () => {
    const pageId = '</script><script>window.pwned=1</script>';
    const html = await (
      await get(
        `/token3rd/dashboard/view/pc.htm?pageId=${encodeURIComponent(pageId)}&accessTicket=nope`,
      )
    ).text();
    expect(html).toContain('data-error-code="Authorize3rdTicket.NotExist"');
    expect(html).not.toContain('<script>window.pwned');
    expect(html).toContain('\\u003c/script>\\u003cscript>window.pwned=1\\u003c/script>');
  });

  it('shows an internal error page when the backend throws', async () => {
    const broken = await startPageServer(
      {
        now: () => 0,
        openPage: () => {
          throw new Error('boom: secret-ish detail');
        },
        refreshView: () => {
          throw new Error('boom');
        },
      },
      1000,
    );
    try {
      const page = await fetch(`${broken.url}/token3rd/report/view.htm?id=x&accessTicket=y`);
      expect(page.status).toBe(500);
      const html = await page.text();
      expect(html).toContain('data-error-code="Internal.System.Error"');
      expect(html).not.toContain('secret-ish');
      const refresh = (await (await fetch(`${broken.url}${REFRESH_PATH}?viewId=v`)).json()) as {
        code: string;
      };
      expect(refresh.code).toBe('Internal.System.Error');
    } finally {
      await broken.close();
    }
  });
});
