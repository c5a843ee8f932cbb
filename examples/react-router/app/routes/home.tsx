import type { LoaderFunctionArgs } from 'react-router';
import { Link, useLoaderData } from 'react-router';
import { prefetchReport } from '@quickbi-embed/server';
import { Sales } from '../Sales';
import { quickbi } from '../quickbi.server';

// On the server render: the ticket is issued under the same policy, so the iframe's src is in the
// HTML and the browser asks for nothing before the report loads.
export async function loader({ request }: LoaderFunctionArgs) {
  const credential = await prefetchReport(quickbi, request, { worksId: 'dash-sales-0001' }).catch(
    () => null, // not signed in (401) or not allowed (403): the client shows why
  );
  return { credential };
}

// The report renews its own credential: re-running the loader (after an action, a search-param
// change, `useRevalidator`) would mint a ticket nobody uses. Never revalidate this route…
export const shouldRevalidate = () => false;

// …and on client-side navigations back to it, skip the server loader: the page's engine still has
// the credential (or asks /api/quickbi/ticket itself).
export const clientLoader = () => ({ credential: null });

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
