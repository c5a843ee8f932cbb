// A stand-in for your own authentication (express-session, Passport, …): this demo signs in by a
// cookie that names one of two demo users. The Quick BI policy only ever sees the user it returns.
const DEMO_USERS = {
  alice: {
    id: 'app-user-alice',
    email: 'alice@example.com',
    quickBIUserId: 'user-alice-0001',
    region: '华东',
    reports: ['dash-sales-0001'],
  },
  bob: {
    id: 'app-user-bob',
    email: 'bob@example.com',
    quickBIUserId: 'user-bob-0002',
    region: '华北',
    reports: ['dash-sales-0001'],
  },
};

export const SESSION_COOKIE = 'demo_user';

export async function getSessionUser(request) {
  const cookies = request.headers.get('cookie') ?? '';
  const name = /(?:^|;\s*)demo_user=([a-z]+)/.exec(cookies)?.[1];
  return name && Object.hasOwn(DEMO_USERS, name) ? DEMO_USERS[name] : undefined;
}

export function isDemoUser(name) {
  return Object.hasOwn(DEMO_USERS, name);
}
