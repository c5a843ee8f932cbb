import { headers } from 'next/headers';
import { quickbi } from '../../lib/quickbi';

// A benchmark baseline, not a pattern to copy: the fastest a server-rendered embed can be. The
// server gets a ticket from the same handler and policy as app/page.tsx and writes it straight into
// a plain iframe; no library runs in the browser, so nothing renews the ticket or shows an error.
// bench/firstPaint/serverFirstPaint.bench.ts compares app/page.tsx with this page.
export default async function Limit() {
  const request = new Request('http://localhost/limit', { headers: await headers() });
  const credential = await quickbi.prefetch(request, { worksId: 'dash-sales-0001' }).catch(
    () => undefined, // not signed in (401) or not allowed (403)
  );
  return (
    <main>
      <h1>Sales</h1>
      {credential ? (
        <iframe
          title="Sales"
          src={credential.reportUrl}
          style={{ border: 0, width: '100%', height: 600 }}
        />
      ) : (
        <p>
          <a href="/login?user=alice">Sign in as Alice</a> first.
        </p>
      )}
    </main>
  );
}
