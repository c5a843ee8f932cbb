import type {
  EmbedTokenCredential,
  QuickBIEmbedError,
  TicketCredential,
  TicketInfo,
} from '@quickbi-embed/core';
import { QueryClient } from '@tanstack/react-query';
import { describe, expectTypeOf, it } from 'vitest';
import {
  QuickBIReport,
  ticketQueryOptions,
  embedTokenQueryOptions,
  useEmbedToken,
  useTicket,
  useTicketInfo,
  type CredentialState,
  type QuickBIReportProps,
} from '../index.js';
import { createFakeAdapter } from './fakeAdapter.js';

describe('public types', () => {
  it('hooks return typed credentials', () => {
    expectTypeOf(useTicket).returns.toEqualTypeOf<CredentialState<TicketCredential>>();
    expectTypeOf(useEmbedToken).returns.toEqualTypeOf<CredentialState<EmbedTokenCredential>>();
    expectTypeOf<CredentialState<TicketCredential>['credential']>().toEqualTypeOf<
      TicketCredential | undefined
    >();
    expectTypeOf<
      CredentialState<TicketCredential>['error']
    >().toEqualTypeOf<QuickBIEmbedError | null>();
    expectTypeOf<CredentialState<TicketCredential>['status']>().toEqualTypeOf<
      'pending' | 'success' | 'error'
    >();
    expectTypeOf(useTicketInfo)
      .returns.toHaveProperty('info')
      .toEqualTypeOf<TicketInfo | undefined>();
    expectTypeOf(useTicketInfo).parameter(0).toEqualTypeOf<string | TicketCredential | undefined>();
  });

  it('queryOptions factories tag the cache', () => {
    const { adapter } = createFakeAdapter();
    const client = new QueryClient();
    const ticket = ticketQueryOptions(adapter, { worksId: 'w' });
    expectTypeOf(client.getQueryData(ticket.queryKey)).toEqualTypeOf<
      TicketCredential | undefined
    >();
    expectTypeOf(
      client.ensureQueryData(embedTokenQueryOptions(adapter, { worksId: 'w' })),
    ).toEqualTypeOf<Promise<EmbedTokenCredential>>();
  });

  it('QuickBIReport props', () => {
    expectTypeOf<QuickBIReportProps['title']>().toEqualTypeOf<string>();
    expectTypeOf<QuickBIReportProps['height']>().toEqualTypeOf<'auto' | number | undefined>();
    expectTypeOf<QuickBIReportProps['credential']>().toEqualTypeOf<
      'ticket' | 'token' | undefined
    >();
    expectTypeOf<QuickBIReportProps>().toHaveProperty('allow');
    // @ts-expect-error an accessible title is required
    void (<QuickBIReport worksId="w" />);
    // @ts-expect-error the src is ours to set
    void (<QuickBIReport worksId="w" title="t" src="https://x" />);
    // @ts-expect-error no such works type
    void (<QuickBIReport worksId="w" title="t" worksType="portal" />);
  });
});
