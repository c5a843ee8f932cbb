import type { Meta, StoryObj } from '@storybook/react-vite';
import { QuickBIReport } from '@quickbi-embed/react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import {
  advanceEmulatorClock,
  clearFaults,
  injectFault,
  emulatorStats,
} from './emulatorControl.js';
import {
  CountedReport,
  errorAlert,
  errorsOf,
  loadedReport,
  loadsOf,
  renewalErrorsOf,
  renewalsOf,
  sameOriginPageText,
  SLOW,
  TicketWatch,
  textOf,
  ticketUses,
} from './storyHelpers.js';

/**
 * A report over time: renewal while you watch, renewal failing and recovering, an upstream
 * failure and its retry. The `short-lived` scenario gives one-minute tickets; the provider renews
 * 2 s after each credential arrives instead of 30 s before expiry, so it happens within a test.
 */
const meta = {
  title: 'Lifecycle',
  component: QuickBIReport,
  parameters: {
    quickbi: {
      scenario: 'short-lived',
      renewal: { margin: (lifetime: number) => lifetime - 2_000 },
    },
  },
} satisfies Meta<typeof QuickBIReport>;
export default meta;
type Story = StoryObj<typeof meta>;

export const LiveRenewal: Story = {
  name: 'Live renewal (one-minute ticket)',
  args: { worksId: 'dash-sales-0001', title: 'Sales overview', showStatus: true },
  render: (args) => <CountedReport testId="report" {...args} />,
  play: async ({ canvasElement }) => {
    const { box, iframe, url } = await loadedReport(canvasElement, 'report');
    const ticket = url.searchParams.get('accessTicket')!;
    const renewedAfter = async (count: number) =>
      waitFor(() => expect(renewalsOf(box)).toBeGreaterThan(count), SLOW);
    await renewedAfter(0);
    // Move Quick BI's clock (the server reads the same one) past the ticket's original expiry,
    // in two halves with a renewal between them, so only a renewed ticket survives it.
    await advanceEmulatorClock(35_000);
    await renewedAfter(renewalsOf(box));
    await advanceEmulatorClock(35_000);
    await renewedAfter(renewalsOf(box));
    // Had the ticket lapsed, the renewal would have minted a new one and changed the src.
    expect(iframe.src).toBe(url.href);
    expect(box.querySelector('[data-loads]')).toHaveTextContent('1');
    expect(await ticketUses(ticket)).toBe(1);
    expect(errorsOf(box)).toBe('none');
    expect(within(box).getByText('Expires in').nextSibling).not.toHaveTextContent('Expired');
  },
};

export const RenewalFailsThenRecovers: Story = {
  name: 'Renewal fails, then recovers',
  args: { worksId: 'dash-sales-0001', title: 'Sales overview', showStatus: true },
  render: (args) => <CountedReport testId="report" {...args} />,
  beforeEach: () => () => void clearFaults(),
  play: async ({ canvasElement }) => {
    const { box, iframe, url } = await loadedReport(canvasElement, 'report');
    const ticket = url.searchParams.get('accessTicket')!;
    // Quick BI fails every DelayTicketExpireTime (HTTP 503) until further notice.
    await injectFault({ action: 'DelayTicketExpireTime', status: 503, count: 1_000 });
    await waitFor(() => expect(renewalErrorsOf(box)).toContain('UPSTREAM_UNAVAILABLE'), SLOW);
    // The report stays up on its still-valid ticket while renewal retries with backoff.
    expect(within(box).queryByRole('alert')).toBeNull();
    expect(errorsOf(box)).toBe('none');
    const renewals = renewalsOf(box);
    await clearFaults();
    await waitFor(() => expect(renewalsOf(box)).toBeGreaterThan(renewals), SLOW);
    expect(iframe.src).toBe(url.href);
    expect(box.querySelector('[data-loads]')).toHaveTextContent('1');
    expect(await ticketUses(ticket)).toBe(1);
  },
};

let createTicketsBefore = 0;

export const UpstreamErrorWithRetry: Story = {
  name: 'Upstream error, retry',
  args: { worksId: 'dash-ops-0002', title: 'Operations' },
  parameters: { quickbi: { scenario: 'default' } },
  beforeEach: async () => {
    // Quick BI answers CreateTicket with HTTP 503 (the server's own retries fail too).
    await injectFault({ action: 'CreateTicket', status: 503, count: 1_000 });
    createTicketsBefore = (await emulatorStats()).calls.CreateTicket ?? 0;
    return () => void clearFaults();
  },
  render: (args) => <CountedReport testId="report" {...args} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const alert = await errorAlert(canvasElement, 'Quick BI is unavailable right now.');
    expect(canvasElement.querySelector('iframe')).toBeNull();
    expect(errorsOf(canvas.getByTestId('report'))).toMatch(/UPSTREAM/);
    expect((await emulatorStats()).calls.CreateTicket).toBeGreaterThan(createTicketsBefore);
    // Quick BI recovers; the user retries.
    await clearFaults();
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    await loadedReport(canvasElement, 'report');
    expect(canvas.queryByRole('alert')).toBeNull();
  },
};

export const Renewing: Story = {
  name: 'Renewing (a slow renewal in flight)',
  args: { worksId: 'dash-sales-0001', title: 'Sales overview', showStatus: true },
  beforeEach: async () => {
    // Quick BI takes 3 s to extend the ticket, so the renewal is seen in flight.
    await injectFault({ action: 'DelayTicketExpireTime', latencyMs: 3_000, count: 1 });
    return () => void clearFaults();
  },
  render: (args) => (
    <div>
      <CountedReport testId="report" {...args} />
      <TicketWatch worksId={args.worksId} />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const { box, iframe, url } = await loadedReport(canvasElement, 'report');
    // The renewal starts 2 s after the ticket arrived; the report stays up meanwhile.
    await waitFor(() => expect(textOf(canvasElement, 'data-renewing')).toBe('yes'), SLOW);
    expect(iframe.src).toBe(url.href);
    await waitFor(() => expect(renewalsOf(box)).toBeGreaterThan(0), SLOW);
    await waitFor(() => expect(textOf(canvasElement, 'data-renewing')).toBe('no'), SLOW);
    expect(loadsOf(box)).toBe(1);
  },
};

export const Expired: Story = {
  name: 'Expired (renewal blocked, clock past expiry)',
  args: { worksId: 'dash-sales-0001', title: 'Sales overview', showStatus: true },
  beforeEach: () => () => void clearFaults(),
  render: (args) => (
    <div>
      <CountedReport testId="report" {...args} />
      <TicketWatch worksId={args.worksId} />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const { box, iframe, url } = await loadedReport(canvasElement, 'report');
    const ticket = url.searchParams.get('accessTicket')!;
    // Quick BI refuses every renewal and every new ticket from now on.
    await injectFault({ action: 'DelayTicketExpireTime', status: 503, count: 1_000 });
    await injectFault({ action: 'CreateTicket', status: 503, count: 1_000 });
    await waitFor(() => expect(renewalErrorsOf(box)).toContain('UPSTREAM_UNAVAILABLE'), SLOW);
    // The one-minute ticket's time runs out on Quick BI's clock.
    await advanceEmulatorClock(2 * 60_000);
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Ask Quick BI' }));
    await waitFor(() => expect(textOf(canvasElement, 'data-quickbi-says')).toBe('expired'), SLOW);
    // Where the page is readable (the static build), it shows Quick BI's own expiry message.
    if (sameOriginPageText(iframe) !== undefined) {
      await waitFor(() => expect(sameOriginPageText(iframe)).toContain('has expired'), SLOW);
    }
    // No reload loop: the embed loaded once and spent one use.
    expect(loadsOf(box)).toBe(1);
    expect(await ticketUses(ticket)).toBe(1);
  },
};
