import type { EmbedTokenCredential, TokenRequest } from '@quickbi-embed/core';
import { useCredential, type CredentialState } from './useCredential.js';

/** An embed token for one report, renewed (extended) before it expires: renewals are the engine's. */
export function useEmbedToken({
  worksId,
  worksType,
}: Omit<TokenRequest, 'renew'>): CredentialState<EmbedTokenCredential> {
  return useCredential({ worksId, worksType, credential: 'token' });
}
