import express from 'express';
import { createQuickBIClient, createQuickBIHandler } from '@quickbi-embed/server';
import { expressMiddleware } from '@quickbi-embed/server/express';
import { SESSION_COOKIE, endSession, getSessionUser, startSession } from './session.mjs';

const handler = createQuickBIHandler({
  client: createQuickBIClient({
    accessKeyId: process.env.QUICKBI_ACCESS_KEY_ID,
    accessKeySecret: process.env.QUICKBI_ACCESS_KEY_SECRET,
    region: 'cn-hangzhou',
    // Unset in production. Locally and in CI: the emulator's endpoint and report origin.
    endpoint: process.env.QUICKBI_ENDPOINT,
    reportOrigin: process.env.QUICKBI_REPORT_ORIGIN,
  }),
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
      // The page may narrow the report to one of this user's product types (its picker); any
      // other value is refused with FILTER_NOT_ALLOWED before Quick BI is called.
      filters: { product_type: { values: user.productTypes } },
      ticketUses: 5,
      renew: { topUpUses: 5 },
    };
  },
});

const app = express();
app.use(expressMiddleware(handler)); // /api/quickbi/*; everything else goes on
// Demo sign-in: /login?user=alice starts a session and goes to the report.
app.get('/login', (req, res) => {
  const session = startSession(String(req.query.user ?? ''));
  if (!session) return void res.status(400).send('unknown demo user');
  res
    .cookie(SESSION_COOKIE, session, { httpOnly: true, sameSite: 'lax', path: '/' })
    .redirect(303, '/');
});
// Sign-out ends the session first (so `authorize` grants this user nothing more), then deletes
// every Quick BI ticket issued to them: a ticket URL they copied or an open tab stops working now,
// not when it expires. Other users' tickets are untouched.
app.post('/logout', async (req, res, next) => {
  try {
    const user = await endSession(req.get('cookie'));
    if (user) await handler.revoke({ subject: user.id });
    res.clearCookie(SESSION_COOKIE, { path: '/' }).redirect(303, '/');
  } catch (error) {
    next(error);
  }
});
app.use(express.static('dist')); // the production `vite build`
const port = Number(process.env.PORT ?? 3000);
app.listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}`));
