import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { clearFaults, emulatorStats, injectFault } from './emulatorControl.js';
import { CountedReport, errorAlert, errorsOf, loadedReport, SLOW } from './storyHelpers.js';

/**
 * Every way a report can fail, as the user sees it: an alert naming the cause (and its code)
 * with a Retry button instead of the iframe, and the error's code through `onError` (shown under each report). The code tells your
 * app what happened; Quick BI's own code passes through where it explains the failure.
 */
const meta = {
  title: 'Errors',
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

/** The alert the report shows (its cause in words, `text`), its code, and no iframe. */
async function failedReport(canvasElement: HTMLElement, text: string) {
  const canvas = within(canvasElement);
  const alert = await errorAlert(canvasElement, text);
  expect(within(alert).getByRole('button', { name: 'Retry' })).toBeVisible();
  expect(canvasElement.querySelector('iframe')).toBeNull();
  const box = canvas.getByTestId('report');
  await waitFor(() => expect(errorsOf(box)).not.toBe('none'), SLOW);
  return { alert, code: errorsOf(box) };
}

let statsBefore = { ticketsCreated: 0, totalCalls: 0 };
const noteStats = async () => {
  statsBefore = await emulatorStats();
};

export const NotAllowed: Story = {
  name: 'Not allowed (embedding off)',
  beforeEach: noteStats,
  render: () => (
    <CountedReport testId="report" worksId="dash-private-0003" title="Private dashboard" />
  ),
  play: async ({ canvasElement }) => {
    // Embedding is switched off for this dashboard: Quick BI refuses to issue a ticket for it.
    const { code } = await failedReport(canvasElement, 'You are not allowed to view this report.');
    // Quick BI's own code passes through: it tells the app why.
    expect(code).toContain('Access.ReportTree.Unauthorized');
    expect((await emulatorStats()).ticketsCreated).toBe(statsBefore.ticketsCreated);
  },
};

export const NotFound: Story = {
  name: 'Not found (unknown report)',
  render: () => <CountedReport testId="report" worksId="dash-gone-9999" title="Gone" />,
  play: async ({ canvasElement }) => {
    const { code } = await failedReport(canvasElement, 'This report was not found.');
    expect(code).toContain('Report.NotExist.Error');
  },
};

let createTicketsBefore = 0;

export const QuickBIUnavailable: Story = {
  name: 'Quick BI unavailable (503), then back',
  beforeEach: async () => {
    // Every CreateTicket answers HTTP 503; the server retries, then gives up.
    await injectFault({ action: 'CreateTicket', status: 503, count: 1_000 });
    createTicketsBefore = (await emulatorStats()).calls.CreateTicket ?? 0;
    return () => void clearFaults();
  },
  render: () => <CountedReport testId="report" worksId="dash-sales-0001" title="Sales" />,
  play: async ({ canvasElement }) => {
    const { alert, code } = await failedReport(canvasElement, 'Quick BI is unavailable right now.');
    expect(code).toContain('UPSTREAM_UNAVAILABLE');
    // The server tried Quick BI (with its own retries) before answering.
    expect((await emulatorStats()).calls.CreateTicket).toBeGreaterThan(createTicketsBefore);
    await clearFaults();
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    await loadedReport(canvasElement, 'report');
  },
};

export const NetworkError: Story = {
  name: 'Network error (app server unreachable)',
  parameters: { quickbi: { offline: true } },
  beforeEach: noteStats,
  render: () => <CountedReport testId="report" worksId="dash-sales-0001" title="Sales" />,
  play: async ({ canvasElement }) => {
    const { code } = await failedReport(
      canvasElement,
      'This site’s report server could not be reached.',
    );
    expect(code).toContain('NETWORK_ERROR');
    // Nothing reached Quick BI.
    expect((await emulatorStats()).totalCalls).toBe(statsBefore.totalCalls);
  },
};
