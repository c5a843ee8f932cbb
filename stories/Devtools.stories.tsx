import type { Meta, StoryObj } from '@storybook/react-vite';
// The production opt-in: the static Storybook is a production build, where the default
// `@quickbi-embed/react/devtools` renders nothing and ships no panel code.
import { QuickBIDevtools } from '@quickbi-embed/react/devtools/production';
import { expect, waitFor, within } from 'storybook/test';
import { CountedReport, loadedReport, SLOW } from './storyHelpers.js';

/**
 * `@quickbi-embed/react/devtools`: a floating panel over the page's engine, for building and
 * debugging. It lists every credential on the page (kind, report, the value masked), the uses
 * granted to this page and started here, time left on the skew-corrected clock, and the last
 * events and errors with their codes. The panel's code loads only when it is first opened.
 */
const meta = { title: 'Devtools' } satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

export const Panel: Story = {
  name: 'Devtools panel',
  render: () => (
    <>
      <CountedReport testId="report" worksId="dash-sales-0001" title="Sales" height={360} />
      <QuickBIDevtools initialOpen />
    </>
  ),
  play: async ({ canvasElement }) => {
    const { url } = await loadedReport(canvasElement, 'report');
    const ticket = url.searchParams.get('accessTicket')!;
    const panel = await within(canvasElement.ownerDocument.body).findByRole(
      'region',
      { name: 'Quick BI devtools' },
      SLOW,
    );
    const row = await waitFor(() => {
      const found = panel.querySelector<HTMLTableRowElement>('tr[data-credential="ticket"]');
      if (!found) throw new Error('no ticket row yet');
      return found;
    }, SLOW);
    const cells = Array.from(row.cells, (c) => c.textContent);
    expect(cells[0]).toBe('ticket');
    expect(cells[1]).toBe('dash-sales-0001');
    // The value is masked: the panel never shows a whole ticket.
    expect(cells[2]).toContain('…');
    expect(panel.textContent).not.toContain(ticket);
    // One embed: one use granted to this page and started.
    expect(cells.slice(3, 5)).toEqual(['1', '1']);
    const events = within(panel).getByRole('list', { name: 'Events' });
    await waitFor(() => expect(events.textContent).toContain('new ticket'), SLOW);
  },
};
