import type { EmbedTokenCredential, TokenRequest } from '@quickbi-embed/core';
import { useQuickBI } from './context.js';
import { embedTokenQueryOptions } from './queryOptions.js';
import { useCredential, type CredentialState } from './useCredential.js';

/** An embed token for one report, renewed (same token, extended) before it expires. */
export function useEmbedToken(request: TokenRequest): CredentialState<EmbedTokenCredential> {
  return useCredential(embedTokenQueryOptions(useQuickBI().adapter, request));
}
