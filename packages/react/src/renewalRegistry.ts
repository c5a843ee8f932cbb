import { createRenewalScheduler, type Credential, type RenewalPolicy } from '@quickbi-embed/core';
import { hashKey, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { receivedAt } from './receivedAt.js';

interface Entry {
  refs: number;
  release: () => void;
}

// Per QueryClient, per credential: one renewal timer however many components use it.
const registries = new WeakMap<QueryClient, Map<string, Entry>>();

function start(client: QueryClient, queryKey: QueryKey, policy?: RenewalPolicy): () => void {
  const cache = client.getQueryCache();
  const find = () => cache.find<Credential>({ queryKey, exact: true });
  const scheduler = createRenewalScheduler(
    () =>
      void find()
        ?.fetch()
        .catch(() => {}),
    policy ? { policy } : {},
  );
  const plan = () => {
    const state = find()?.state;
    if (state?.data) scheduler.plan(state.data, receivedAt(state.data), state.status === 'error');
    else scheduler.cancel();
  };
  const hash = hashKey(queryKey);
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
    unsubscribe();
    scheduler.cancel();
  };
}

/** Keeps the credential under `queryKey` renewed until the last holder lets go. */
export function retainRenewal(
  client: QueryClient,
  queryKey: QueryKey,
  policy?: RenewalPolicy,
): () => void {
  let entries = registries.get(client);
  if (!entries) registries.set(client, (entries = new Map()));
  const hash = hashKey(queryKey);
  const entry = entries.get(hash) ?? { refs: 0, release: start(client, queryKey, policy) };
  entries.set(hash, entry);
  entry.refs++;
  return () => {
    if (--entry.refs > 0) return;
    entry.release();
    entries.delete(hash);
  };
}
