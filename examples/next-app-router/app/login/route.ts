import { SESSION_COOKIE, isDemoUser } from '../../lib/session';

// Demo sign-in: /login?user=alice sets the demo session cookie and goes to the report.
export function GET(request: Request) {
  const user = new URL(request.url).searchParams.get('user') ?? '';
  if (!isDemoUser(user)) return new Response('unknown demo user', { status: 400 });
  return new Response(null, {
    status: 303,
    headers: {
      location: '/',
      'set-cookie': `${SESSION_COOKIE}=${user}; Path=/; HttpOnly; SameSite=Lax`,
    },
  });
}
