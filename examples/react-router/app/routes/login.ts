import { redirect } from 'react-router';
import type { LoaderFunctionArgs } from 'react-router';
import { SESSION_COOKIE, isDemoUser } from '../session.server';

// Demo sign-in: /login?user=alice sets the demo session cookie and goes to the report.
export function loader({ request }: LoaderFunctionArgs) {
  const user = new URL(request.url).searchParams.get('user') ?? '';
  if (!isDemoUser(user)) return new Response('unknown demo user', { status: 400 });
  return redirect('/', {
    headers: { 'set-cookie': `${SESSION_COOKIE}=${user}; Path=/; HttpOnly; SameSite=Lax` },
  });
}
