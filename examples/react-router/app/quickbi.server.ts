import { createQuickBIClient, createQuickBIHandler } from '@quickbi-embed/server';
import { getSessionUser } from './session.server';

// Created when the module loads, also during `next build` on a machine without an AccessKey:
// nothing throws then; requests answer 500 NOT_CONFIGURED until the keys are set.
const client = createQuickBIClient({
  accessKeyId: process.env.QUICKBI_ACCESS_KEY_ID,
  accessKeySecret: process.env.QUICKBI_ACCESS_KEY_SECRET,
  region: 'cn-hangzhou',
  // Unset in production. Locally and in CI: the emulator's endpoint and report origin.
  endpoint: process.env.QUICKBI_ENDPOINT,
  reportOrigin: process.env.QUICKBI_REPORT_ORIGIN,
});

// One handler (and its memory store) per server process: the resource route and the loaders run
// in the same Node process, so a ticket prefetched by a page is renewed by the route. (Several
// processes: the Redis store, `@quickbi-embed/server/redis`.)
const shared = globalThis as { quickbi?: ReturnType<typeof createQuickBIHandler> };
export const quickbi = (shared.quickbi ??= createQuickBIHandler({
  client,
  // Behind a proxy that sets X-Forwarded-Host / -Proto (and strips them from clients).
  trustProxy: process.env.QUICKBI_TRUST_PROXY === '1',
  // Everything that grants access is decided here, never by the browser.
  authorize: async ({ request, worksId }) => {
    const user = await getSessionUser(request);
    if (!user) throw new Error('not signed in'); // 401
    if (!user.reports.includes(worksId)) return null; // 403
    return {
      subject: user.id,
      userId: user.quickBIUserId,
      watermark: user.email,
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
}));
