import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { DemoProvider } from './DemoProvider.js';
import { CountedReport, loadedReport, SLOW } from './storyHelpers.js';

/**
 * The server's policy, not the browser, decides what each end user sees. Alice and Bob open the
 * same dashboard; the demo server binds different global parameters (row filters) and watermarks
 * into their tickets. Inside each iframe the emulator shows only the rows the filters allow.
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
