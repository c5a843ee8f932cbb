import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import { emulatorStats } from './emulatorControl.js';
import { CountedReport, loadedReport, SLOW, ticketUses } from './storyHelpers.js';

let createTicketsBefore = 0;

/**
 * Several embeds of one report on a page share one credential: one request to the server, one
 * CreateTicket, one renewal timer. Each iframe load still spends one of the ticket's uses.
 */
const meta = {
  title: 'Sharing',
  beforeEach: async () => {
    createTicketsBefore = (await emulatorStats()).calls.CreateTicket ?? 0;
  },
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

const EMBEDS = ['first', 'second', 'third'] as const;

export const SeveralEmbedsOneCredential: Story = {
  name: 'Several embeds, one credential',
  render: () => (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 12 }}>
      {EMBEDS.map((id) => (
        <CountedReport
          key={id}
          testId={id}
          worksId="dash-sales-0001"
          title={`Sales (${id})`}
          height={360}
        />
      ))}
    </div>
  ),
  play: async ({ canvasElement }) => {
    const reports = [];
    for (const id of EMBEDS) reports.push(await loadedReport(canvasElement, id));
    const tickets = new Set(reports.map((r) => r.url.searchParams.get('accessTicket')));
    expect(tickets.size).toBe(1);
    const [ticket] = [...tickets];
    expect((await emulatorStats()).calls.CreateTicket).toBe(createTicketsBefore + 1);
    // Three page loads, three uses of the one ticket.
    await waitFor(async () => expect(await ticketUses(ticket!)).toBe(3), SLOW);
  },
};
