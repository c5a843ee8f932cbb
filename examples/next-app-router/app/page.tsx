import { cookies } from 'next/headers';
import { Sales } from './Sales';

export default async function Page() {
  const signedIn = (await cookies()).has('demo_user');
  return (
    <main>
      <h1>Sales</h1>
      {signedIn ? <Sales /> : <a href="/login?user=alice">Sign in as Alice</a>}
    </main>
  );
}
