import type { Meta, StoryObj } from '@storybook/react-vite';
import { useTicket } from '@quickbi-embed/react';
import type { TicketRequest } from '@quickbi-embed/core';
import { expect, waitFor, within } from 'storybook/test';
import { SLOW } from '../storyHelpers.js';

/** Renders what `useTicket(request)` returns; its props are the hook's request. */
function UseTicketDemo(request: TicketRequest) {
  const { credential, status, error, expiresAt, isRenewing } = useTicket(request);
  return (
    <dl data-testid="hook">
      <dt>status</dt>
      <dd data-status="">{status}</dd>
      <dt>ticket</dt>
      <dd data-ticket="">{credential?.ticket ?? '—'}</dd>
      <dt>reportUrl</dt>
      <dd style={{ wordBreak: 'break-all' }}>{credential?.reportUrl ?? '—'}</dd>
      <dt>uses</dt>
      <dd data-uses="">{credential ? `${credential.usedUses} / ${credential.maxUses}` : '—'}</dd>
      <dt>watermark</dt>
      <dd data-watermark="">{credential?.watermark ?? '—'}</dd>
      <dt>expires (this browser's clock)</dt>
      <dd>{expiresAt ? new Date(expiresAt).toLocaleTimeString() : '—'}</dd>
      <dt>isRenewing</dt>
      <dd>{String(isRenewing)}</dd>
      <dt>error</dt>
      <dd>{error?.code ?? '—'}</dd>
    </dl>
  );
}

const meta = {
  title: 'Hooks/useTicket',
  component: UseTicketDemo,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component: `
\`useTicket({ worksId, worksType?, cmptId? })\` gets a ticket for one report from your server and
keeps it alive: it is renewed in place before it expires, for as long as a component uses it. Use it
when you draw the iframe yourself, or to show what a ticket carries. \`QuickBIReport\` uses the
same query, so a report and this hook on one page share one ticket.

It returns \`{ credential, status, error, expiresAt, isRenewing, refetch }\`:
\`status\` is \`pending\`, then \`success\` while a live ticket is at hand (even if the last
renewal failed: \`error\` says so), or \`error\` once none is left. \`expiresAt\` is on this browser's
clock, corrected for the server's clock skew. The ticket does not spend a use until an iframe loads
\`credential.reportUrl\`.
`,
      },
    },
  },
} satisfies Meta<typeof UseTicketDemo>;
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
    expect(hook.querySelector('[data-ticket]')?.textContent).toMatch(/^[0-9a-f-]{36}$/);
    // The demo policy's watermark for alice, decided on the server.
    expect(hook.querySelector('[data-watermark]')).toHaveTextContent('alice@demo');
    expect(hook.querySelector('[data-uses]')).toHaveTextContent('0 / 20');
  },
};
