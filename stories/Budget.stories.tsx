import { useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { credentialOf, emulatorStats } from './emulatorControl.js';
import { CountedReport, loadedReport, loadsOf, SLOW, ticketUses } from './storyHelpers.js';

/**
 * A ticket's use budget: every page load spends one. The `low-budget` scenario grants 3 uses.
 * Three embeds spend them all (the last ones warn through `onBudgetLow`). A fourth embed never
 * loads the spent ticket (Quick BI would show "no ticket number left"): the library renews first,
 * and the server tops the same ticket up (UpdateTicketNum), so nothing reloads.
 */
const meta = {
  title: 'Lifecycle/Budget',
  parameters: { quickbi: { scenario: 'low-budget' } },
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

function Embeds() {
  const [count, setCount] = useState(3);
  return (
    <div>
      <button type="button" onClick={() => setCount((n) => n + 1)}>
        Add an embed
      </button>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(2, 1fr)', gap: 12 }}>
        {Array.from({ length: count }, (_, i) => (
          <CountedReport
            key={i}
            testId={`embed-${i + 1}`}
            worksId="dash-sales-0001"
            title={`Sales ${i + 1}`}
            height={300}
            showStatus
          />
        ))}
      </div>
    </div>
  );
}

export const LowAndExhausted: Story = {
  name: 'Budget running low, then exhausted',
  render: () => <Embeds />,
  play: async ({ canvasElement }) => {
    const embeds = [];
    for (const i of [1, 2, 3]) embeds.push(await loadedReport(canvasElement, `embed-${i}`));
    const ticket = embeds[0]!.url.searchParams.get('accessTicket')!;
    for (const e of embeds) expect(e.url.searchParams.get('accessTicket')).toBe(ticket);
    await waitFor(async () => expect(await ticketUses(ticket)).toBe(3), SLOW);
    // The last embeds to take a use were warned: 1, then 0 of 3 left.
    const warnings = embeds.map((e) => e.box.querySelector('[data-budget]')?.textContent ?? '');
    expect(warnings).toContain('0 of 3 uses left');

    const before = (await emulatorStats()).calls;
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Add an embed' }));
    const fourth = await loadedReport(canvasElement, 'embed-4');
    // The same ticket, topped up: one UpdateTicketNum, no new ticket, no error page.
    expect(fourth.url.searchParams.get('accessTicket')).toBe(ticket);
    const after = await emulatorStats();
    expect(after.calls.UpdateTicketNum ?? 0).toBe((before.UpdateTicketNum ?? 0) + 1);
    expect(after.calls.CreateTicket ?? 0).toBe(before.CreateTicket ?? 0);
    expect(after.calls.DelayTicketExpireTime ?? 0).toBe((before.DelayTicketExpireTime ?? 0) + 1);
    await waitFor(async () => expect(await ticketUses(ticket)).toBe(4), SLOW);
    expect(after.errors['Authorize3rdTicket.Num.HasNoLeft'] ?? 0).toBe(0);
    // The first three never reloaded.
    for (const e of embeds) expect(e.box.querySelector('[data-loads]')).toHaveTextContent('1');
  },
};

function FourEmbeds() {
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(2, 1fr)', gap: 12 }}>
      {[1, 2, 3, 4].map((i) => (
        <CountedReport
          key={i}
          testId={`embed-${i}`}
          worksId="dash-sales-0001"
          title={`Sales ${i}`}
          height={300}
          showStatus
        />
      ))}
    </div>
  );
}

/**
 * The `no-top-up` scenario: 3 uses per ticket, no top-up and no renewal. Four embeds mount at
 * once: the first request reserves 4 loads and gets the 3 left; the fourth embed asks again (the
 * renewal is refused, so the server mints a second ticket) and loads with that one. The first
 * three keep their ticket and never reload.
 */
let callsBefore: Record<string, number> = {};

export const ExhaustedWithoutTopUp: Story = {
  name: 'Budget exhausted without top-up',
  parameters: { quickbi: { scenario: 'no-top-up' } },
  beforeEach: async () => {
    callsBefore = (await emulatorStats()).calls;
  },
  render: () => <FourEmbeds />,
  play: async ({ canvasElement }) => {
    const embeds = [];
    for (const i of [1, 2, 3, 4]) embeds.push(await loadedReport(canvasElement, `embed-${i}`));
    const tickets = embeds.map((e) => e.url.searchParams.get('accessTicket')!);
    const first = tickets[0]!;
    // Three embeds share the first ticket, the fourth has one of its own.
    expect(tickets.filter((t) => t === first)).toHaveLength(3);
    const second = tickets.find((t) => t !== first)!;
    expect(second).toBeTruthy();
    await waitFor(async () => expect(await ticketUses(first)).toBe(3), SLOW);
    await waitFor(async () => expect(await ticketUses(second)).toBe(1), SLOW);
    const stats = await emulatorStats();
    const delta = (action: string) => (stats.calls[action] ?? 0) - (callsBefore[action] ?? 0);
    // Bounded: two tickets for four embeds, no renewal upstream (the policy refuses it first).
    expect(delta('CreateTicket')).toBe(2);
    expect(delta('DelayTicketExpireTime')).toBe(0);
    expect(stats.errors['Authorize3rdTicket.Num.HasNoLeft'] ?? 0).toBe(0);
    // The first three kept the src they loaded with and loaded once.
    for (const e of embeds) {
      expect(e.box.querySelector('iframe')).toBe(e.iframe);
      expect(loadsOf(e.box)).toBe(1);
    }
    for (const e of embeds.slice(0, 3)) expect(credentialOf(e.iframe)).toBe(first);
  },
};
