import { useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { QuickBIReport } from '@quickbi-embed/react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { emulatorStats, embedPath, injectFault, clearFaults } from './emulatorControl.js';
import { CountedReport, loadedReport, SLOW, ticketUses } from './storyHelpers.js';

/** One report per works type and credential kind, each through the real server adapter. */
const meta = {
  title: 'Report',
  component: QuickBIReport,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component: `
\`QuickBIReport\` shows one Quick BI report in an iframe. You name the report; your server decides
who may see what. Put it anywhere under a \`QuickBIProvider\`:

\`\`\`tsx
import { createHttpAdapter } from '@quickbi-embed/core';
import { QuickBIProvider, QuickBIReport } from '@quickbi-embed/react';

<QuickBIProvider adapter={createHttpAdapter()}>
  <QuickBIReport worksId="dash-sales-0001" title="Sales overview" />
</QuickBIProvider>
\`\`\`

What happens: the report asks your server (\`/api/quickbi\`, see \`@quickbi-embed/server\`) for a
ticket, your server's policy decides the user, row filters and watermark and calls Quick BI, and the
iframe loads the report with that ticket. Before the ticket expires it is renewed in place: the
report does not reload. While waiting it shows \`loading\` (default "Loading report…"); on failure it
shows \`error\` (default: a message and a Retry button) and calls \`onError\` with a typed error code.

Every story on this page runs against the Quick BI emulator, in your browser.
`,
      },
    },
  },
} satisfies Meta<typeof QuickBIReport>;
export default meta;
type Story = StoryObj<typeof meta>;

export const DashboardByTicket: Story = {
  name: 'Dashboard by ticket',
  args: { worksId: 'dash-sales-0001', title: 'Sales overview', showStatus: true },
  render: (args) => <CountedReport testId="report" {...args} />,
  play: async ({ canvasElement }) => {
    const { url } = await loadedReport(canvasElement, 'report');
    expect(embedPath(url)).toBe('/token3rd/dashboard/view/pc.htm');
    expect(url.searchParams.get('pageId')).toBe('dash-sales-0001');
    const ticket = url.searchParams.get('accessTicket')!;
    // The status view shows what alice's policy bound into the ticket.
    const canvas = within(canvasElement);
    await canvas.findByText('alice@demo', {}, SLOW);
    expect(canvas.getByText('region = 华东')).toBeVisible();
    // One page load, one use of the ticket.
    await waitFor(async () => expect(await ticketUses(ticket)).toBe(1), SLOW);
  },
};

export const DashboardByToken: Story = {
  name: 'Dashboard by token',
  args: { worksId: 'dash-ops-0002', title: 'Operations', credential: 'token' },
  render: (args) => <CountedReport testId="report" {...args} />,
  play: async ({ canvasElement }) => {
    const { url } = await loadedReport(canvasElement, 'report');
    // The legacy token scheme: accessToken, no ticket, logged-in route.
    expect(embedPath(url)).toBe('/dashboard/view/pc.htm');
    expect(url.searchParams.get('accessToken')).toBeTruthy();
    expect(url.searchParams.has('accessTicket')).toBe(false);
  },
};

export const OneComponent: Story = {
  name: 'One component (cmptId)',
  args: {
    worksId: 'dash-sales-0001',
    cmptId: 'cmpt-sales-chart',
    title: 'Sales by region',
    height: 320,
  },
  render: (args) => <CountedReport testId="report" {...args} />,
  play: async ({ canvasElement }) => {
    const { url, iframe } = await loadedReport(canvasElement, 'report');
    expect(url.searchParams.get('cmptId')).toBe('cmpt-sales-chart');
    expect(iframe.style.height).toBe('320px');
  },
};

export const Workbook: Story = {
  args: { worksId: 'book-finance-0001', worksType: 'workbook', title: 'Finance workbook' },
  render: (args) => <CountedReport testId="report" {...args} />,
  play: async ({ canvasElement }) => {
    const { url } = await loadedReport(canvasElement, 'report');
    expect(embedPath(url)).toBe('/token3rd/report/view.htm');
    expect(url.searchParams.get('id')).toBe('book-finance-0001');
    await waitFor(
      async () => expect(await ticketUses(url.searchParams.get('accessTicket')!)).toBe(1),
      SLOW,
    );
  },
};

export const DataScreen: Story = {
  name: 'Data screen',
  args: {
    worksId: 'screen-live-0001',
    worksType: 'dataScreen',
    title: 'Live sales screen',
    height: 480,
    showStatus: true,
  },
  render: (args) => <CountedReport testId="report" {...args} />,
  play: async ({ canvasElement }) => {
    const { url } = await loadedReport(canvasElement, 'report');
    expect(embedPath(url)).toBe('/token3rd/screen/view/pc.htm');
    // Quick BI draws no watermark on data screens, so the policy binds none.
    const canvas = within(canvasElement);
    await waitFor(
      () => expect(canvas.getByText('Watermark').nextSibling?.textContent).not.toContain('@demo'),
      SLOW,
    );
  },
};

export const AutoHeight: Story = {
  name: 'Auto height',
  args: {
    worksId: 'dash-sales-0001',
    cmptId: 'cmpt-sales-kpi',
    title: 'Total sales',
    height: 'auto',
  },
  render: (args) => <CountedReport testId="report" {...args} />,
  play: async ({ canvasElement }) => {
    const { iframe } = await loadedReport(canvasElement, 'report');
    // 400 px until the page posts its height; a lone KPI card is much shorter.
    await waitFor(() => {
      const height = parseFloat(iframe.style.height);
      expect(height).toBeGreaterThan(0);
      expect(height).toBeLessThan(400);
    }, SLOW);
  },
};

let createTicketsBefore = 0;

export const SlowLoading: Story = {
  name: 'Slow loading',
  args: { worksId: 'dash-sales-0001', title: 'Sales overview (slow)' },
  beforeEach: async () => {
    createTicketsBefore = (await emulatorStats()).calls.CreateTicket ?? 0;
    // Quick BI takes 1.5 s to answer CreateTicket.
    await injectFault({ action: 'CreateTicket', latencyMs: 1_500, count: 1 });
    return () => void clearFaults();
  },
  render: (args) => <CountedReport testId="report" {...args} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    expect(canvas.getByRole('status', { name: 'Sales overview (slow)' })).toHaveTextContent(
      'Loading report…',
    );
    await loadedReport(canvasElement, 'report');
    expect(canvas.queryByRole('status', { name: 'Sales overview (slow)' })).toBeNull();
    // One slow CreateTicket, waited for, not retried.
    expect((await emulatorStats()).calls.CreateTicket).toBe(createTicketsBefore + 1);
  },
};

export const SelfServiceDownload: Story = {
  name: 'Self-service download',
  args: {
    worksId: 'offline-export-0001',
    worksType: 'selfServiceDownload',
    title: 'Order export',
    height: 360,
  },
  render: (args) => <CountedReport testId="report" {...args} />,
  play: async ({ canvasElement }) => {
    const { url } = await loadedReport(canvasElement, 'report');
    expect(embedPath(url)).toBe('/token3rd/offline/view/pc.htm');
    expect(url.searchParams.get('pageId')).toBe('offline-export-0001');
    await waitFor(
      async () => expect(await ticketUses(url.searchParams.get('accessTicket')!)).toBe(1),
      SLOW,
    );
  },
};

export const AdHocAnalysis: Story = {
  name: 'Ad hoc analysis',
  // No worksType: the server's catalogue decides what the works is.
  args: { worksId: 'analysis-orders-0001', title: 'Order analysis', height: 480 },
  render: (args) => <CountedReport testId="report" {...args} />,
  play: async ({ canvasElement }) => {
    const { url } = await loadedReport(canvasElement, 'report');
    // The emulator's route for ad hoc analysis (Quick BI's is UNCONFIRMED, see core's reportUrl).
    expect(embedPath(url)).toBe('/token3rd/analysis/view/pc.htm');
    expect(url.searchParams.get('pageId')).toBe('analysis-orders-0001');
    await waitFor(
      async () => expect(await ticketUses(url.searchParams.get('accessTicket')!)).toBe(1),
      SLOW,
    );
  },
};

export const DataEntryForm: Story = {
  name: 'Data entry form',
  args: { worksId: 'form-orders-0001', title: 'Order entry', height: 480 },
  render: (args) => <CountedReport testId="report" {...args} />,
  play: async ({ canvasElement }) => {
    const { url } = await loadedReport(canvasElement, 'report');
    // The emulator's route for data entry forms (Quick BI's is UNCONFIRMED, see core's reportUrl).
    expect(embedPath(url)).toBe('/token3rd/dataForm/view/pc.htm');
    expect(url.searchParams.get('pageId')).toBe('form-orders-0001');
    await waitFor(
      async () => expect(await ticketUses(url.searchParams.get('accessTicket')!)).toBe(1),
      SLOW,
    );
  },
};

const REPORTS = [
  { worksId: 'dash-sales-0001', title: 'Sales overview' },
  { worksId: 'dash-ops-0002', title: 'Operations' },
] as const;

function Switcher() {
  const [index, setIndex] = useState(0);
  const report = REPORTS[index]!;
  return (
    <div>
      <div role="group" aria-label="Report">
        {REPORTS.map((r, i) => (
          <button
            key={r.worksId}
            type="button"
            aria-pressed={i === index}
            onClick={() => setIndex(i)}
          >
            {r.title}
          </button>
        ))}
      </div>
      <CountedReport testId="report" worksId={report.worksId} title={report.title} height={360} />
    </div>
  );
}

export const ReportSwitch: Story = {
  name: 'Report switch',
  // The switcher picks the report; these args only satisfy the component's required props.
  args: { worksId: 'dash-sales-0001', title: 'Sales overview' },
  render: () => <Switcher />,
  play: async ({ canvasElement }) => {
    const first = await loadedReport(canvasElement, 'report');
    expect(first.url.searchParams.get('pageId')).toBe('dash-sales-0001');
    const firstTicket = first.url.searchParams.get('accessTicket')!;
    const before = (await emulatorStats()).calls.CreateTicket ?? 0;
    // Changing worksId loads the other report with its own ticket.
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Operations' }));
    await waitFor(() => {
      const url = new URL(canvasElement.querySelector('iframe')!.src);
      expect(url.searchParams.get('pageId')).toBe('dash-ops-0002');
    }, SLOW);
    const second = new URL(canvasElement.querySelector('iframe')!.src);
    const secondTicket = second.searchParams.get('accessTicket')!;
    expect(secondTicket).not.toBe(firstTicket);
    expect(canvasElement.querySelector('iframe')).toHaveAccessibleName('Operations');
    expect((await emulatorStats()).calls.CreateTicket).toBe(before + 1);
    await waitFor(async () => expect(await ticketUses(secondTicket)).toBe(1), SLOW);
    // The first report's ticket was spent once, not again.
    expect(await ticketUses(firstTicket)).toBe(1);
  },
};
