import { headers } from 'next/headers';
import { prefetchReport } from '@quickbi-embed/server';
import { quickbi } from '../lib/quickbi';
import { Sales } from './Sales';

// A React Server Component: the ticket is issued under the same policy while the page renders,
// so the iframe's src is in the HTML and the browser asks for nothing before the report loads.
export default async function Page() {
  const request = new Request('http://localhost/', { headers: await headers() });
  const credential = await prefetchReport(quickbi, request, { worksId: 'dash-sales-0001' }).catch(
    () => undefined, // not signed in (401) or not allowed (403): the client shows why
  );
  return (
    <main>
      <h1>Sales</h1>
      <p>
        <a href="/login?user=alice">Sign in as Alice</a> · <a href="/login?user=bob">as Bob</a>
      </p>
      <Sales initialCredential={credential} />
    </main>
  );
}
