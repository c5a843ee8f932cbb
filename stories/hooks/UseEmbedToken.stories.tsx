import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEmbedToken } from '@quickbi-embed/react';
import type { TokenRequest } from '@quickbi-embed/core';
import { expect, waitFor, within } from 'storybook/test';
import { SLOW } from '../storyHelpers.js';
import { embedPath } from '../emulatorControl.js';

/** Renders what `useEmbedToken(request)` returns; its props are the hook's request. */
function UseEmbedTokenDemo(request: TokenRequest) {
  const { credential, status, error, expiresAt } = useEmbedToken(request);
  return (
    <dl data-testid="hook">
      <dt>status</dt>
      <dd data-status="">{status}</dd>
      <dt>reportUrl</dt>
      <dd data-url="" style={{ wordBreak: 'break-all' }}>
        {credential?.reportUrl ?? '—'}
      </dd>
      <dt>expires (this browser's clock)</dt>
      <dd>{expiresAt ? new Date(expiresAt).toLocaleTimeString() : '—'}</dd>
      <dt>error</dt>
      <dd>{error?.code ?? '—'}</dd>
    </dl>
  );
}

const meta = {
  title: 'Hooks/useEmbedToken',
  component: UseEmbedTokenDemo,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component: `
\`useEmbedToken({ worksId, worksType? })\` gets an embed token (Quick BI's older CreateEmbedToken
scheme) instead of a ticket. A token has no use budget; the page loads it on Quick BI's logged-in
route. Prefer tickets (\`useTicket\`, or \`QuickBIReport\` as it is) unless your Quick BI setup needs
tokens; \`<QuickBIReport credential="token" />\` uses this hook. Same return shape as \`useTicket\`.
`,
      },
    },
  },
} satisfies Meta<typeof UseEmbedTokenDemo>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Dashboard: Story = {
  args: { worksId: 'dash-ops-0002' },
  play: async ({ canvasElement }) => {
    const hook = await within(canvasElement).findByTestId('hook');
    await waitFor(
      () => expect(hook.querySelector('[data-status]')).toHaveTextContent('success'),
      SLOW,
    );
    const url = new URL(hook.querySelector('[data-url]')!.textContent!);
    expect(embedPath(url)).toBe('/dashboard/view/pc.htm');
    expect(url.searchParams.get('accessToken')).toBeTruthy();
  },
};
