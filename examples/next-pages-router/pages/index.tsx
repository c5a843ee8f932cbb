import type { GetServerSideProps } from 'next';
import type { Credential } from '@quickbi-embed/core';
import { prefetch } from '@quickbi-embed/server/node';
import { Sales } from '../components/Sales';
import { quickbi } from '../lib/quickbi';

interface Props {
  credential: Credential | null; // props must be JSON: null, never undefined
}

// The ticket is issued under the same policy while the page renders, so the iframe's src is in the
// HTML and the browser asks for nothing before the report loads.
export const getServerSideProps: GetServerSideProps<Props> = async ({ req }) => {
  // prefetch takes Next's IncomingMessage and answers plain JSON (no undefined fields).
  const credential = await prefetch(quickbi, req, { worksId: 'dash-sales-0001' }).catch(
    () => null, // not signed in (401) or not allowed (403): the client shows why
  );
  return { props: { credential } };
};

export default function Page({ credential }: Props) {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', margin: 24 }}>
      <h1>Sales</h1>
      <p>
        <a href="/login?user=alice">Sign in as Alice</a> · <a href="/login?user=bob">as Bob</a>
      </p>
      <Sales initialCredential={credential ?? undefined} />
    </main>
  );
}
