import {
  createRenewalScheduler,
  type Credential,
  type QuickBIClientAdapter,
  type RenewalPolicy,
  type TicketCredential,
} from '@quickbi-embed/core';
import { hashKey, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { expiresLocally, receivedAt, stamp } from './receivedAt.js';
import { dryCount, DRY_LIMIT, forgetTicket, latestOf, takeAnswer } from './ticketUses.js';

interface Entry {
  refs: number;
  release: () => void;
}

/** A ticket embeds loaded and keep showing, renewed through the adapter rather than the query. */
interface Pin {
  ticket: string;
  adapter: QuickBIClientAdapter;
}

// Per QueryClient: one renewal timer per credential, and per pinned ticket, however many
// components use it.
const registries = new WeakMap<QueryClient, Map<string, Entry>>();

/** Fetches the query once: a fetch in flight is joined, not restarted. */
export const fetchOnce = (client: QueryClient, queryKey: QueryKey) =>
  void client
    .getQueryCache()
    .find({ queryKey, exact: true })
    ?.fetch()
    .catch(() => {});

/**
 * Renews the query's credential, or a pinned ticket: one an embed still shows after the query
 * moved on to another ticket. A pin is renewed in place from its last answer, so its reports
 * neither expire nor reload; while it is the query's current ticket the query's timer does it.
 * Once it cannot be extended any more, the query is fetched so its embeds load the current one.
 */
function start(
  client: QueryClient,
  queryKey: QueryKey,
  policy: RenewalPolicy | undefined,
  pin?: Pin,
): () => void {
  const cache = client.getQueryCache();
  const hash = hashKey(queryKey);
  let pinFailed = false;
  let stopped = false;
  const settle = (ok: boolean) => {
    pinFailed = !ok;
    if (stopped) return;
    const last = latestOf(client, pin!.ticket);
    if (last && expiresLocally(last) > Date.now()) return plan();
    forgetTicket(client, pin!.ticket);
    fetchOnce(client, queryKey);
  };
  const scheduler = createRenewalScheduler(
    () =>
      pin
        ? void pin.adapter.renewTicket({ ticket: pin.ticket }).then(
            (answer) => {
              takeAnswer(client, stamp(answer), 0);
              if (answer.ticket !== pin.ticket) forgetTicket(client, pin.ticket);
              settle(true);
            },
            () => settle(false),
          )
        : fetchOnce(client, queryKey),
    policy ? { policy } : {},
  );
  const plan = () => {
    const state = cache.find<Credential>({ queryKey, exact: true })?.state;
    // A dry answer (waiting embeds got no use) is retried like a failure, with backoff, a few times.
    const dry = dryCount(client, hash);
    const data = pin
      ? (state?.data as TicketCredential | undefined)?.ticket !== pin.ticket &&
        latestOf(client, pin.ticket)
      : state?.data;
    const failed = pin ? pinFailed : state?.status === 'error' || (dry > 0 && dry < DRY_LIMIT);
    if (data) scheduler.plan(data, receivedAt(data), failed);
    else scheduler.cancel();
  };
  const unsubscribe = cache.subscribe((event) => {
    if (
      event.query.queryHash === hash &&
      event.type === 'updated' &&
      (event.action.type === 'success' || event.action.type === 'error')
    )
      plan();
  });
  plan();
  return () => {
    stopped = true;
    unsubscribe();
    scheduler.cancel();
  };
}

/** Keeps the credential under `queryKey` (or a pinned ticket) renewed until the last holder lets go. */
export function retainRenewal(
  client: QueryClient,
  queryKey: QueryKey,
  policy?: RenewalPolicy,
  pin?: Pin,
): () => void {
  let entries = registries.get(client);
  if (!entries) registries.set(client, (entries = new Map()));
  const key = pin ? 'pin ' + pin.ticket : hashKey(queryKey);
  const entry = entries.get(key) ?? { refs: 0, release: start(client, queryKey, policy, pin) };
  entries.set(key, entry);
  entry.refs++;
  return () => {
    if (--entry.refs > 0) return;
    entry.release();
    entries.delete(key);
  };
}
