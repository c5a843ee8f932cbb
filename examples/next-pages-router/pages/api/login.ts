import type { NextApiRequest, NextApiResponse } from 'next';
import { SESSION_COOKIE, isDemoUser } from '../../lib/session';

// Demo sign-in (next.config.mjs maps /login here): /login?user=alice sets the demo session
// cookie and goes to the report.
export default function login(req: NextApiRequest, res: NextApiResponse) {
  const user = String(req.query.user ?? '');
  if (!isDemoUser(user)) return res.status(400).send('unknown demo user');
  res.setHeader('set-cookie', `${SESSION_COOKIE}=${user}; Path=/; HttpOnly; SameSite=Lax`);
  res.redirect(303, '/');
}
