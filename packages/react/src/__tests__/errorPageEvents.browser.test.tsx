// Real Chromium, real emulator, real server handlers (test/browserGlobalSetup.ts): `onLoad` means
// Quick BI showed a dashboard (it posted `{height, pageId}`, spec §5), so it must not fire on
// Quick BI's own error page or for another works type, where `onFrameLoad` still does. A silence
// is proven without sleeping: a healthy dashboard mounted after the silent one has loaded and was
// asked for its height must reach `onLoad` first.
import { createHttpAdapter, type TicketCredential } from '@quickbi-embed/core';
import { QueryClient } from '@tanstack/react-query';
import { cleanup, render } from '@testing-library/react';
import { useState, type ReactNode } from 'react';
import { afterEach, expect, inject, it } from 'vitest';
import { QuickBIProvider, QuickBIReport } from '../index.js';

const { apiBase, emulatorUrl, reportOrigin } = inject('quickbi');
const embedding = inject('quickbiEmbedding');
const WAIT = { timeout: 10_000 };

const ticketUses = async (): Promise<Record<string, number>> =>
  (
    (await (await fetch(`${emulatorUrl}/__emulator/stats`)).json()) as {
      ticketUses: Record<string, number>;
    }
  ).ticketUses;

let users = 0;
const adapterFor = (baseUrl = apiBase) =>
  createHttpAdapter({
    baseUrl,
    // A fresh end user per report: no credential is shared between reports or tests.
    headers: { 'x-test-user': `error-page-${Date.now()}-${++users}` },
  });

/** Its own provider (its own engine) per report, so nothing is shared but the page. */
function Providers({
  adapter,
  children,
}: {
  adapter: ReturnType<typeof adapterFor>;
  children: ReactNode;
}) {
  const [client] = useState(() => new QueryClient());
  return (
    <QuickBIProvider adapter={adapter} queryClient={client} reportOrigin={reportOrigin}>
      {children}
    </QuickBIProvider>
  );
}

type Events = { loads: number; frameLoads: number };
const counted = (events: Events) => ({
  onLoad: () => events.loads++,
  onFrameLoad: () => events.frameLoads++,
});

/** The sentinel: a healthy dashboard, mounted now, that must get its `onLoad`. */
function HealthyDashboard({ events }: { events: Events }) {
  const [adapter] = useState(() => adapterFor());
  return (
    <Providers adapter={adapter}>
      <QuickBIReport worksId="dash-sales-0001" title="Healthy" {...counted(events)} />
    </Providers>
  );
}

/**
 * Mounts `silent`, waits for its iframe load (the component then asks the page for its height),
 * then mounts a healthy dashboard beside it and waits for that one's `onLoad`.
 */
async function expectSilentBesideHealthy(silent: ReactNode, events: Events) {
  const view = render(<div>{silent}</div>);
  await expect.poll(() => events.frameLoads, WAIT).toBe(1);
  const healthy: Events = { loads: 0, frameLoads: 0 };
  view.rerender(
    <div>
      {silent}
      <HealthyDashboard events={healthy} />
    </div>,
  );
  await expect.poll(() => healthy.loads, WAIT).toBe(1);
  expect(healthy.frameLoads).toBe(1);
  expect(events).toEqual({ loads: 0, frameLoads: 1 });
}

afterEach(() => cleanup());

it("Quick BI's error page (a ticket whose uses are spent): onFrameLoad once, onLoad never", async () => {
  const adapter = adapterFor();
  const spent: TicketCredential = await adapter.createTicket({ worksId: 'dash-sales-0001' });
  // Spend every use of the ticket by loading its page from here, as another tab would.
  for (let use = spent.usedUses; use < spent.maxUses; use++) {
    await fetch(spent.reportUrl, { mode: 'no-cors', cache: 'no-store' });
  }
  expect((await ticketUses())[spent.ticket]).toBe(spent.maxUses);

  const events: Events = { loads: 0, frameLoads: 0 };
  await expectSilentBesideHealthy(
    <Providers adapter={adapter}>
      <QuickBIReport
        worksId="dash-sales-0001"
        title="Spent"
        initialCredential={spent}
        {...counted(events)}
      />
    </Providers>,
    events,
  );
  const frame = document.querySelector<HTMLIFrameElement>('iframe[title="Spent"]')!;
  expect(frame.getAttribute('src')).toBe(spent.reportUrl);
  // The page was Quick BI's error page: the load found no use left.
  expect((await ticketUses())[spent.ticket]).toBe(spent.maxUses);
});

it('a workbook (not a dashboard): onFrameLoad once, onLoad never', async () => {
  const adapter = adapterFor(embedding.apiBase);
  const events: Events = { loads: 0, frameLoads: 0 };
  await expectSilentBesideHealthy(
    <Providers adapter={adapter}>
      <QuickBIReport worksId="book-finance-0001" title="Workbook" {...counted(events)} />
    </Providers>,
    events,
  );
  const src = new URL(document.querySelector<HTMLIFrameElement>('iframe[title="Workbook"]')!.src);
  expect(src.pathname).toBe('/token3rd/report/view.htm');
  // It loaded the workbook itself (a use spent), not an error page.
  expect((await ticketUses())[src.searchParams.get('accessTicket')!]).toBe(1);
});
