// A stand-in for your own authentication (express-session, Passport, …): /login?user=alice starts a
// server-side session for one of two demo users and the cookie carries only its random id, so
// signing out really ends it. The Quick BI policy only ever sees the user this module returns.
import { randomUUID } from 'node:crypto';

const DEMO_USERS = {
  alice: {
    id: 'app-user-alice',
    email: 'alice@example.com',
    quickBIUserId: 'user-alice-0001',
    region: '华东',
    // The product types this user may narrow the sales report to (the page lists all of them).
    productTypes: ['办公用品', '家具产品'],
    reports: ['dash-sales-0001'],
  },
  bob: {
    id: 'app-user-bob',
    email: 'bob@example.com',
    quickBIUserId: 'user-bob-0002',
    region: '华北',
    productTypes: ['办公用品', '家具产品', '技术产品'],
    reports: ['dash-sales-0001'],
  },
};

export const SESSION_COOKIE = 'demo_session';
const sessions = new Map(); // session id → demo user name

function sessionId(cookieHeader) {
  return /(?:^|;\s*)demo_session=([\w-]+)/.exec(cookieHeader ?? '')?.[1];
}

/** The signed-in user of a Web `Request` (what the Quick BI handler's `authorize` gets). */
export async function getSessionUser(request) {
  const name = sessions.get(sessionId(request.headers.get('cookie')));
  return name ? DEMO_USERS[name] : undefined;
}

/** A new session for a demo user: its id (the cookie's value), or undefined for an unknown name. */
export function startSession(name) {
  if (!Object.hasOwn(DEMO_USERS, name)) return undefined;
  const id = randomUUID();
  sessions.set(id, name);
  return id;
}

/** Ends the session named in a Cookie header: the user it belonged to, if any. */
export async function endSession(cookieHeader) {
  const id = sessionId(cookieHeader);
  const name = sessions.get(id);
  sessions.delete(id);
  return name ? DEMO_USERS[name] : undefined;
}
