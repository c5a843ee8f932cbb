import { useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { DemoProvider } from './DemoProvider.js';
import { emulatorStats } from './emulatorControl.js';
import {
  CountedReport,
  errorAlert,
  errorsOf,
  loadedReport,
  sameOriginPageText,
  SLOW,
} from './storyHelpers.js';

/**
 * The server's policy, not the browser, decides what each end user sees. Alice and Bob open the
 * same dashboard; the demo server binds different global parameters (row filters) and watermarks
 * into their tickets. Inside each iframe the emulator shows only the rows the filters allow.
 * The page may narrow further with `filters`, within what the policy offers.
 */
const meta = {
  title: 'Policy',
  parameters: { quickbi: { provider: false } },
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

export const PerUser: Story = {
  name: 'Per-user policies (alice vs bob)',
  render: () => (
    <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 16 }}>
      {(['alice', 'bob'] as const).map((user) => (
        <section key={user}>
          <h3>{user}</h3>
          <DemoProvider user={user}>
            <CountedReport
              testId={user}
              worksId="dash-sales-0001"
              title={`Sales for ${user}`}
              showStatus
            />
          </DemoProvider>
        </section>
      ))}
    </div>
  ),
  play: async ({ canvasElement }) => {
    const alice = await loadedReport(canvasElement, 'alice');
    const bob = await loadedReport(canvasElement, 'bob');
    // Two end users, two tickets.
    expect(alice.url.searchParams.get('accessTicket')).not.toBe(
      bob.url.searchParams.get('accessTicket'),
    );

    const a = within(alice.box);
    await a.findByText('alice@demo', {}, SLOW);
    expect(a.getByText('region = 华东')).toBeVisible();
    expect(a.queryByText(/product_type/)).toBeNull();

    const b = within(bob.box);
    await b.findByText('bob@demo', {}, SLOW);
    expect(b.getByText('region = 华北')).toBeVisible();
    expect(b.getByText('product_type in 办公用品, 家具产品')).toBeVisible();
    await waitFor(() => expect(b.queryByText('alice@demo')).toBeNull());
  },
};

export const Watermark: Story = {
  name: 'Watermark',
  render: () => (
    <DemoProvider user="alice">
      <CountedReport testId="report" worksId="dash-sales-0001" title="Sales" showStatus />
    </DemoProvider>
  ),
  play: async ({ canvasElement }) => {
    const { box, iframe } = await loadedReport(canvasElement, 'report');
    // The server's policy put alice's watermark into the ticket; the status view shows it.
    const status = within(box);
    await waitFor(
      () => expect(status.getByText('Watermark').nextSibling).toHaveTextContent('alice@demo'),
      SLOW,
    );
    // Where the page is readable (static build), Quick BI's page draws it over the report.
    if (sameOriginPageText(iframe) !== undefined) {
      await waitFor(() => expect(sameOriginPageText(iframe)).toContain('alice@demo'), SLOW);
    }
  },
};

export const GlobalParameters: Story = {
  name: 'Global parameters (row filters)',
  render: () => (
    <DemoProvider user="bob">
      <CountedReport testId="report" worksId="dash-sales-0001" title="Sales" showStatus />
    </DemoProvider>
  ),
  play: async ({ canvasElement }) => {
    const { box, iframe } = await loadedReport(canvasElement, 'report');
    const status = within(box);
    // Bob's ticket carries two filters: region and product type.
    await status.findByText('region = 华北', {}, SLOW);
    expect(status.getByText('product_type in 办公用品, 家具产品')).toBeVisible();
    const page = sameOriginPageText(iframe);
    if (page !== undefined) {
      // The emulator's page shows only rows the filters allow.
      await waitFor(() => expect(sameOriginPageText(iframe)).toContain('华北'), SLOW);
      expect(sameOriginPageText(iframe)).not.toContain('华东');
    }
  },
};

const PRODUCT_TYPES = ['家具产品', '技术产品', '玩具'] as const;

/** The page's own filter control: `filters` on the report, narrowing what the policy allows. */
function ProductTypePicker() {
  const [productType, setProductType] = useState<string>(PRODUCT_TYPES[0]);
  return (
    <div>
      <div role="group" aria-label="Product type">
        {PRODUCT_TYPES.map((type) => (
          <button
            key={type}
            type="button"
            aria-pressed={type === productType}
            onClick={() => setProductType(type)}
          >
            {type}
          </button>
        ))}
      </div>
      <CountedReport
        testId="report"
        worksId="dash-sales-0001"
        title="Sales by product type"
        filters={[{ paramKey: 'product_type', values: [productType] }]}
        showStatus
      />
    </div>
  );
}

export const HostChosenFilters: Story = {
  name: 'Host-chosen filters',
  render: () => (
    <DemoProvider user="alice">
      <ProductTypePicker />
    </DemoProvider>
  ),
  play: async ({ canvasElement }) => {
    const first = await loadedReport(canvasElement, 'report');
    const status = within(first.box);
    // The page's choice is ANDed to alice's own row filter; both are in the ticket.
    await status.findByText('product_type in 家具产品', {}, SLOW);
    expect(status.getByText('region = 华东')).toBeVisible();
    const firstTicket = first.url.searchParams.get('accessTicket');

    // Another choice is another ticket: the report re-embeds with it.
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: '技术产品' }));
    await status.findByText('product_type in 技术产品', {}, SLOW);
    expect(status.getByText('region = 华东')).toBeVisible();
    await waitFor(() => {
      const url = new URL(canvasElement.querySelector('iframe')!.src);
      expect(url.searchParams.get('accessTicket')).not.toBe(firstTicket);
    }, SLOW);

    // A value the policy does not offer: refused by the server before any Quick BI call.
    const before = (await emulatorStats()).calls.CreateTicket ?? 0;
    await userEvent.click(canvas.getByRole('button', { name: '玩具' }));
    await errorAlert(canvasElement, 'You are not allowed to view this report.');
    expect(errorsOf(first.box)).toContain('FILTER_NOT_ALLOWED');
    expect(canvasElement.querySelector('iframe')).toBeNull();
    expect((await emulatorStats()).calls.CreateTicket ?? 0).toBe(before);
  },
};
