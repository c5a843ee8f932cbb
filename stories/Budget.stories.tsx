import { useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { emulatorStats } from './emulatorControl.js';
import { CountedReport, loadedReport, SLOW, ticketUses } from './storyHelpers.js';

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
