// @vitest-environment node
import { QueryClient } from '@tanstack/react-query';
import { renderToString } from 'react-dom/server';
import { expect, it } from 'vitest';
import { QuickBIProvider, QuickBIReport, ticketQueryOptions } from '../index.js';
import { createFakeAdapter } from './fakeAdapter.js';

it('renders a placeholder on the server without window and without calling the adapter', () => {
  expect(typeof window).toBe('undefined');
  const fake = createFakeAdapter();
  const html = renderToString(
    <QuickBIProvider adapter={fake.adapter}>
      <QuickBIReport worksId="dash-sales-0001" title="Sales" showStatus />
    </QuickBIProvider>,
  );
  expect(html).toContain('role="status"');
  expect(html).toContain('Loading report…');
  expect(html).not.toContain('<iframe');
  expect(fake.calls.createTicket).toBe(0);
});

it('renders a placeholder, not a used-up ticket, even with a prefetched credential', async () => {
  const fake = createFakeAdapter();
  const client = new QueryClient();
  await client.prefetchQuery(ticketQueryOptions(fake.adapter, { worksId: 'dash-sales-0001' }));
  const html = renderToString(
    <QuickBIProvider adapter={fake.adapter} queryClient={client} locale="zh-CN">
      <QuickBIReport worksId="dash-sales-0001" title="Sales" showStatus />
    </QuickBIProvider>,
  );
  // The iframe waits for the browser: loading it consumes a ticket use, which only the client counts.
  expect(html).not.toContain('<iframe');
  expect(html).toContain('报表加载中…');
  client.clear();
});

it('renders the iframe src in the first HTML for a credential the server prefetched', async () => {
  const fake = createFakeAdapter();
  const prefetched = await fake.adapter.createTicket({ worksId: 'dash-sales-0001' });
  const html = renderToString(
    <QuickBIProvider adapter={fake.adapter}>
      <QuickBIReport worksId="dash-sales-0001" title="Sales" initialCredential={prefetched} />
    </QuickBIProvider>,
  );
  expect(html).toContain(`src="${prefetched.reportUrl.replaceAll('&', '&amp;')}"`);
  expect(fake.calls.createTicket).toBe(1);
});

it('never renders a prefetched credential that is off the report origin', async () => {
  const fake = createFakeAdapter({ reportUrl: 'javascript:alert(1)' });
  const prefetched = await fake.adapter.createTicket({ worksId: 'dash-sales-0001' });
  const html = renderToString(
    <QuickBIProvider adapter={fake.adapter}>
      <QuickBIReport worksId="dash-sales-0001" title="Sales" initialCredential={prefetched} />
    </QuickBIProvider>,
  );
  expect(html).not.toContain('<iframe');
});
