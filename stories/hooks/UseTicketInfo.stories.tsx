import type { Meta, StoryObj } from '@storybook/react-vite';
import { useTicket, useTicketInfo } from '@quickbi-embed/react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { emulatorStats } from '../emulatorControl.js';
import { SLOW } from '../storyHelpers.js';

/** Gets a ticket with `useTicket`, then asks Quick BI about it with `useTicketInfo`. */
function UseTicketInfoDemo({ worksId }: { worksId: string }) {
  const ticket = useTicket({ worksId });
  const { info, status, error, isFetching, refetch } = useTicketInfo(ticket.credential);
  return (
    <div data-testid="hook">
      <dl>
        <dt>status</dt>
        <dd data-status="">{ticket.credential ? status : 'idle (no ticket yet)'}</dd>
        <dt>uses (Quick BI's count)</dt>
        <dd data-uses="">{info ? `${info.usedUses} / ${info.maxUses}` : '—'}</dd>
        <dt>user</dt>
        <dd data-user="">{info?.userId ?? '—'}</dd>
        <dt>expires (server clock)</dt>
        <dd>{info ? new Date(info.expiresAt).toLocaleTimeString() : '—'}</dd>
        <dt>error</dt>
        <dd>{error?.code ?? '—'}</dd>
      </dl>
      <button type="button" onClick={() => void refetch()} disabled={isFetching}>
        Ask again
      </button>
    </div>
  );
}

const meta = {
  title: 'Hooks/useTicketInfo',
  component: UseTicketInfoDemo,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component: `
\`useTicketInfo(ticket)\` asks Quick BI (QueryTicketInfo, through your server) what it knows about a
ticket: uses spent, budget, bound user, expiry. Pass the ticket string or the credential from
\`useTicket\`; with \`undefined\` it stays idle. Your server answers only for tickets it issued to the
same end user. It returns \`{ info, status, error, isFetching, refetch }\`; it does not poll, call
\`refetch\` when you want a fresh answer.
`,
      },
    },
  },
} satisfies Meta<typeof UseTicketInfoDemo>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Dashboard: Story = {
  args: { worksId: 'dash-sales-0001' },
  play: async ({ canvasElement }) => {
    const hook = await within(canvasElement).findByTestId('hook');
    await waitFor(
      () => expect(hook.querySelector('[data-status]')).toHaveTextContent('success'),
      SLOW,
    );
    // Bound to alice by the server's policy; no iframe loaded, so no use spent.
    expect(hook.querySelector('[data-user]')).toHaveTextContent('user-alice-0001');
    expect(hook.querySelector('[data-uses]')).toHaveTextContent('0 / 20');
    // `refetch` asks Quick BI again: one more QueryTicketInfo.
    const asked = (await emulatorStats()).calls.QueryTicketInfo ?? 0;
    await userEvent.click(within(hook).getByRole('button', { name: 'Ask again' }));
    await waitFor(
      async () => expect((await emulatorStats()).calls.QueryTicketInfo).toBe(asked + 1),
      SLOW,
    );
    expect(hook.querySelector('[data-uses]')).toHaveTextContent('0 / 20');
  },
};
