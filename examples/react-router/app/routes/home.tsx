import type { LoaderFunctionArgs } from 'react-router';
import { Link, useLoaderData } from 'react-router';
import { prefetchReport } from '@quickbi-embed/server';
import { Sales } from '../Sales';
import { quickbi } from '../quickbi.server';

// On the server render: the ticket is issued under the same policy, so the iframe's src is in the
// HTML and the browser asks for nothing before the report loads. React Router runs this loader
// again on every navigation and revalidation: the page's engine tells the server which reports it
// already holds (the first-party cookie `quickbi-held`), and for those the prefetch mints nothing
// and reserves no use (`reservedUses: 0`, which the browser never shows; it keeps its own).
export async function loader({ request }: LoaderFunctionArgs) {
  const credential = await prefetchReport(quickbi, request, { worksId: 'dash-sales-0001' }).catch(
    () => null, // not signed in (401) or not allowed (403): the client shows why
  );
  return { credential };
}

export default function Home() {
  const { credential } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>Sales</h1>
      <p>
        <a href="/login?user=alice">Sign in as Alice</a> · <a href="/login?user=bob">as Bob</a>
      </p>
      {/* Another part of the page keeps its state in the URL: each click revalidates this route. */}
      <nav>
        <Link to="?tab=sales">Sales tab</Link> · <Link to="?tab=notes">Notes tab</Link>
      </nav>
      <Sales initialCredential={credential ?? undefined} />
    </main>
  );
}
