import type { Credential, QuickBIEmbedError } from '@quickbi-embed/core';
import {
  useQuery,
  useQueryClient,
  type QueryKey,
  type UseQueryOptions,
} from '@tanstack/react-query';
import { useEffect } from 'react';
import { useQuickBI } from './context.js';
import { expiresLocally } from './receivedAt.js';
import { retainRenewal } from './renewalRegistry.js';

export interface CredentialState<C extends Credential> {
  /** The current credential; kept while a renewal is in flight or after a renewal failed. */
  credential: C | undefined;
  /** `success` while a live credential is at hand, even if the last renewal failed. */
  status: 'pending' | 'success' | 'error';
  /** The last failure (cleared by the next success). */
  error: QuickBIEmbedError | null;
  /** Expiry on this browser's clock (skew-corrected), epoch ms. */
  expiresAt: number | undefined;
  isRenewing: boolean;
  refetch: () => Promise<unknown>;
}

export function useCredential<C extends Credential, K extends QueryKey>(
  options: UseQueryOptions<C, Error, C, K>,
): CredentialState<C> {
  const { renewal } = useQuickBI();
  const client = useQueryClient();
  const query = useQuery(options);
  const key = options.queryKey;
  const hash = JSON.stringify(key);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `hash` stands for `key`
  useEffect(() => retainRenewal(client, key, renewal), [client, hash]);
  const credential = query.data;
  const expiresAt = credential && expiresLocally(credential);
  // The scheduler's last attempt runs at expiry, so a failure stamped at or after expiry means
  // the credential is dead; an earlier one only means a retry is pending.
  const dead = query.isError && (expiresAt === undefined || query.errorUpdatedAt >= expiresAt);
  return {
    credential,
    status: dead ? 'error' : credential ? 'success' : 'pending',
    error: query.error as QuickBIEmbedError | null,
    expiresAt,
    isRenewing: !!credential && query.isFetching,
    refetch: query.refetch,
  };
}
