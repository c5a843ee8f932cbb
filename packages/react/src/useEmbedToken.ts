import type { EmbedTokenCredential, TokenRequest } from '@quickbi-embed/core';
import { useCredential, type CredentialState } from './useCredential.js';

/** An embed token for one report, renewed (extended) before it expires. */
export function useEmbedToken({
  worksId,
  worksType,
}: TokenRequest): CredentialState<EmbedTokenCredential> {
  return useCredential({ worksId, worksType, credential: 'token' });
}
