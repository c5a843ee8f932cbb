// A stand-in for your own authentication (Auth.js, Clerk, iron-session, …): this demo signs in
// by a cookie that names one of three demo users. Replace getSessionUser with your session lookup;
// the Quick BI policy in ./quickbi.ts only ever sees the user it returns.

export interface AppUser {
  id: string;
  email: string;
  /** The Quick BI user the report is shown as (here: the emulator's sample users). */
  quickBIUserId: string;
  region: string;
  reports: string[];
}

const DEMO_USERS: Record<string, AppUser> = {
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

export async function getSessionUser(request: Request): Promise<AppUser | undefined> {
  const cookies = request.headers.get('cookie') ?? '';
  const name = /(?:^|;\s*)demo_user=([a-z]+)/.exec(cookies)?.[1];
  return name ? DEMO_USERS[name] : undefined;
}

export function isDemoUser(name: string): boolean {
  return Object.hasOwn(DEMO_USERS, name);
}
