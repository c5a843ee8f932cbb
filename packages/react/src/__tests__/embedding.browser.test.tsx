// Real Chromium, real emulator, real server handler (test/embeddingSetup.ts): one sample works of
// every type, host-chosen filters, a Smart Q page and a portal, through the component.
import { createHttpAdapter, type ContractFilter, type WorksType } from '@quickbi-embed/core';
import { QueryClient } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { QuickBICopilot } from '../copilot/index.js';
import { QuickBIProvider, QuickBIReport } from '../index.js';

const { emulatorUrl, reportOrigin } = inject('quickbi');
const { apiBase, portalEntries } = inject('quickbiEmbedding');
const WAIT = { timeout: 15_000 };

const ticketUses = async (): Promise<Record<string, number>> =>
  (
    (await (await fetch(`${emulatorUrl}/__emulator/stats`)).json()) as {
      ticketUses: Record<string, number>;
    }
  ).ticketUses;

let users = 0;
function adapterFor() {
  return createHttpAdapter({
    baseUrl: apiBase,
    headers: { 'x-test-user': `embedding-${Date.now()}-${++users}` },
  });
}

function Providers({
  adapter,
  children,
}: {
  adapter: ReturnType<typeof adapterFor>;
  children: React.ReactNode;
}) {
  // One client for the provider's life: a new one per render would be a new engine per render.
  const [client] = useState(() => new QueryClient());
  return (
    <QuickBIProvider adapter={adapter} queryClient={client} reportOrigin={reportOrigin}>
      {children}
    </QuickBIProvider>
  );
}

const frame = (title: string) =>
  document.querySelector<HTMLIFrameElement>(`iframe[title="${title}"]`);
const ticketOf = (src: string) => new URL(src).searchParams.get('accessTicket')!;

/** The page behind the iframe opened on its ticket (a refused page consumes none). */
async function expectOpened(title: string): Promise<URL> {
  await expect.poll(() => frame(title)?.src, WAIT).toBeTruthy();
  const src = new URL(frame(title)!.src);
  await expect.poll(async () => (await ticketUses())[ticketOf(src.href)], WAIT).toBe(1);
  return src;
}

afterEach(() => cleanup());

describe('every works type, the server deciding the type', () => {
  it.each([
    ['dash-sales-0001', 'dashboard', '/token3rd/dashboard/view/pc.htm'],
    ['book-finance-0001', 'workbook', '/token3rd/report/view.htm'],
    ['screen-live-0001', 'dataScreen', '/token3rd/screen/view/pc.htm'],
    ['offline-export-0001', 'selfServiceDownload', '/token3rd/offline/view/pc.htm'],
    ['analysis-orders-0001', 'adHocAnalysis', '/token3rd/analysis/view/pc.htm'],
    ['form-orders-0001', 'dataEntryForm', '/token3rd/dataForm/view/pc.htm'],
  ] as const)('%s (%s) renders on %s', async (worksId, _type: WorksType, path) => {
    render(
      <Providers adapter={adapterFor()}>
        <QuickBIReport worksId={worksId} title={worksId} />
      </Providers>,
    );
    const src = await expectOpened(worksId);
    expect(src.origin).toBe(reportOrigin);
    expect(src.pathname).toBe(path);
  });
});

describe('host-chosen filters', () => {
  function Filtered({ adapter }: { adapter: ReturnType<typeof adapterFor> }) {
    const [region, setRegion] = useState('华东');
    const filters: ContractFilter[] = [{ paramKey: 'region', values: [region] }];
    return (
      <Providers adapter={adapter}>
        <button type="button" onClick={() => setRegion('华北')}>
          North
        </button>
        <button type="button" onClick={() => setRegion('Atlantis')}>
          Elsewhere
        </button>
        <QuickBIReport worksId="dash-sales-0001" title="Filtered" filters={filters} />
      </Providers>
    );
  }

  it('narrows, re-embeds with a new ticket on change, and refuses a value the policy does not offer', async () => {
    const adapter = adapterFor();
    render(<Filtered adapter={adapter} />);
    const east = await expectOpened('Filtered');
    const eastInfo = await adapter.queryTicketInfo({ ticket: ticketOf(east.href) });
    expect(eastInfo.globalParam).toEqual([
      { paramKey: 'region', joinType: 'and', conditionList: [{ operate: 'in', value: ['华东'] }] },
    ]);

    fireEvent.click(screen.getByText('North'));
    await expect.poll(() => frame('Filtered')?.src, WAIT).not.toBe(east.href);
    const north = await expectOpened('Filtered');
    expect(ticketOf(north.href)).not.toBe(ticketOf(east.href));
    const northInfo = await adapter.queryTicketInfo({ ticket: ticketOf(north.href) });
    expect(northInfo.globalParam?.[0]?.conditionList[0]?.value).toEqual(['华北']);

    fireEvent.click(screen.getByText('Elsewhere'));
    const alert = await screen.findByRole('alert', {}, WAIT);
    expect(alert.getAttribute('data-code')).toBe('FILTER_NOT_ALLOWED');
  });
});

it('Smart Q: <QuickBICopilot> embeds a Smart Q page on its own ticket', async () => {
  render(
    <Providers adapter={adapterFor()}>
      <QuickBICopilot copilotId="copilot-sales-0001" title="Ask" />
    </Providers>,
  );
  const src = await expectOpened('Ask');
  expect(src.pathname).toBe('/token3rd/copilot/view/pc.htm');
  expect(src.searchParams.get('copilotId')).toBe('copilot-sales-0001');
});

it('a portal: its menu for the user, each entry embedded by ticket on click', async () => {
  function Portal() {
    const [selected, setSelected] = useState(portalEntries[0]!);
    const [adapter] = useState(adapterFor);
    return (
      <Providers adapter={adapter}>
        <nav>
          {portalEntries.map((entry) => (
            <button key={entry.menuId} type="button" onClick={() => setSelected(entry)}>
              {[...entry.folders, entry.name].join(' / ')}
            </button>
          ))}
        </nav>
        <QuickBIReport worksId={selected.worksId} worksType={selected.worksType} title="Portal" />
      </Providers>
    );
  }
  // Alice is granted the finance workbook menu; the external link is not an embed.
  expect(portalEntries.map((e) => e.menuId)).toEqual(['menu-sales', 'menu-finance', 'menu-export']);
  render(<Portal />);
  const first = await expectOpened('Portal');
  expect(first.searchParams.get('pageId')).toBe('dash-sales-0001');
  fireEvent.click(screen.getByText('Order export'));
  await expect.poll(() => frame('Portal')?.src, WAIT).not.toBe(first.href);
  const second = await expectOpened('Portal');
  expect(second.pathname).toBe('/token3rd/offline/view/pc.htm');
  expect(second.searchParams.get('pageId')).toBe('offline-export-0001');
});
