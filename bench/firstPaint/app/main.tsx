// One Vite app, two pages: (c) QuickBIReport, (d) a hand-written effect + iframe component.
// `?v=c|d`, `?u=` the end user (fresh per navigation), `?o=` the report origin.
import { createHttpAdapter } from '@quickbi-embed/core';
import { QuickBIProvider, QuickBIReport } from '@quickbi-embed/react';
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

const params = new URLSearchParams(location.search);
const headers = { 'x-bench-user': params.get('u') ?? 'bench' };
const WORKS_ID = 'dash-sales-0001';

/** (d): what an app would write by hand: fetch a ticket in an effect, set the iframe src. */
function HandWritten() {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    void fetch('/api/quickbi/ticket', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'x-quickbi-embed-contract': '1' },
      body: JSON.stringify({ worksId: WORKS_ID }),
    })
      .then((response) => response.json())
      .then((credential: { reportUrl: string }) => setSrc(credential.reportUrl));
  }, []);
  return src ? (
    <iframe title="Sales" src={src} style={{ border: 0, width: '100%', height: 600 }} />
  ) : (
    <div>Loading…</div>
  );
}

const adapter = createHttpAdapter({ headers });

createRoot(document.getElementById('root')!).render(
  params.get('v') === 'd' ? (
    <HandWritten />
  ) : (
    <QuickBIProvider adapter={adapter} reportOrigin={params.get('o') ?? ''}>
      <QuickBIReport worksId={WORKS_ID} title="Sales" height={600} />
    </QuickBIProvider>
  ),
);
