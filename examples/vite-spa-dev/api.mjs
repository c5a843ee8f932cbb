import { createServer } from 'node:http';
import { createQuickBIClient, createQuickBIHandler } from '@quickbi-embed/server';
import { toNodeHandler } from '@quickbi-embed/server/node';

// A stand-in for your own authentication: /login?user=alice sets a cookie naming a demo user.
const DEMO_USERS = {
  alice: { id: 'app-user-alice', quickBIUserId: 'user-alice-0001', region: '华东' },
  bob: { id: 'app-user-bob', quickBIUserId: 'user-bob-0002', region: '华北' },
};
const demoUser = (name) => (Object.hasOwn(DEMO_USERS, name ?? '') ? DEMO_USERS[name] : undefined);
const userOf = (request) =>
  demoUser(/(?:^|;\s*)demo_user=([a-z]+)/.exec(request.headers.get('cookie') ?? '')?.[1]);

const quickbi = toNodeHandler(
  createQuickBIHandler({
    client: createQuickBIClient({
      accessKeyId: process.env.QUICKBI_ACCESS_KEY_ID,
      accessKeySecret: process.env.QUICKBI_ACCESS_KEY_SECRET,
      region: 'cn-hangzhou',
      // Unset in production. Locally and in CI: the emulator's endpoint and report origin.
      endpoint: process.env.QUICKBI_ENDPOINT,
      reportOrigin: process.env.QUICKBI_REPORT_ORIGIN,
    }),
    // Only behind a proxy that sets X-Forwarded-Host / -Proto (and strips them from clients).
    trustProxy: process.env.QUICKBI_TRUST_PROXY === '1',
    authorize: async ({ request, worksId }) => {
      const user = userOf(request);
      if (!user) throw new Error('not signed in'); // 401
      if (worksId !== 'dash-sales-0001') return null; // 403
      return {
        subject: user.id,
        userId: user.quickBIUserId,
        globalParam: [
          {
            paramKey: 'region',
            joinType: 'and',
            conditionList: [{ operate: '=', value: user.region }],
          },
        ],
        ticketUses: 5,
        renew: { topUpUses: 5 },
      };
    },
  }),
);

/** The API server behind Vite's dev proxy: the Quick BI handler and the demo sign-in. */
export function startApi(port = 3001) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/quickbi/')) return void quickbi(req, res);
    if (url.pathname === '/login' && demoUser(url.searchParams.get('user'))) {
      res.writeHead(303, {
        location: '/',
        'set-cookie': `demo_user=${url.searchParams.get('user')}; Path=/; HttpOnly; SameSite=Lax`,
      });
      return void res.end();
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}
