export {
  createQuickBIClient,
  TICKET_API_VERSION,
  TOKEN_API_VERSION,
} from './client/createQuickBIClient.js';
export type { QuickBIClient, QuickBIClientOptions } from './client/createQuickBIClient.js';
export type * from './client/clientTypes.js';
export type * from './client/embedActionTypes.js';
export type { AccessKeyCredentials, CredentialsProvider } from './client/credentials.js';
export { QuickBIApiError, isQuickBIApiError } from './client/quickbiApiError.js';
export type { QuickBIApiErrorOptions } from './client/quickbiApiError.js';
export { DEFAULT_QUICKBI_TIME_ZONE, parseInvalidTime } from './client/parseInvalidTime.js';
export type { RetryOptions } from './client/retry.js';
export { DEFAULT_MAX_QUERY_BYTES } from './client/rpcTransport.js';
export type { RpcResult } from './client/rpcTransport.js';
export type { SignatureVersion } from './client/signRequest.js';
export { signV1 } from './client/signV1.js';
export { signV3 } from './client/signV3.js';
export type { V3SignInput, V3Signature } from './client/signV3.js';
export type { QuickBILogger } from './logger.js';
export { createMemoryStore } from './store/memoryStore.js';
export type { MemoryStoreOptions } from './store/memoryStore.js';
export type { CredentialStore, SetOptions, StoreLock } from './store/types.js';
export { createQuickBIHandler } from './handler/createQuickBIHandler.js';
export type {
  QuickBIHandler,
  QuickBIHandlerOptions,
  QuickBIServerHandler,
} from './handler/createQuickBIHandler.js';
export type { Authorize, AuthorizeArgs, CredentialKind, QuickBIPolicy } from './handler/policy.js';
export type { AuthorizeCopilot, CopilotAuthorizeArgs, PolicyKind } from './handler/policy.js';
export type { CopilotPageOptions } from './handler/copilotIssuer.js';
export { prefetchReport } from './handler/prefetch.js';
export type { PrefetchOptions } from './handler/prefetch.js';
export type { QuotaOptions } from './handler/quota.js';
export { createRevokeHandler } from './handler/createRevokeHandler.js';
export type { RevokeHandlerOptions } from './handler/createRevokeHandler.js';
export type { RevokeInput, RevokeResult } from './handler/revoke.js';
export type { LockOptions } from './handler/leasedLock.js';
export { StoreFullError } from './store/storeFullError.js';
export type { AllowedOrigins } from './handler/http/cors.js';
export type { QuickBIHandlerEvent } from './handler/events.js';
export { createFetchHandler } from './adapters/fetch.js';
// node:http, Express and Next.js adapters live in their own entries (`/node`, `/express`, `/next`):
// this one imports no node:* module and no framework types, so it bundles for edge and workers.
export { listEmbeddableWorks, listPortalEntries, PORTAL_MENU_WORKS_TYPE } from './inventory.js';
export type { ListEmbeddableWorksOptions, PortalEntry, PortalLink } from './inventory.js';
export { checkScheme, isQuickBIScheme, SCHEME_LIMITS } from './handler/grant/scheme.js';
export type {
  QuickBIScheme,
  SchemeLimits,
  SchemePolicy,
  SchemeTarget,
} from './handler/grant/scheme.js';
export { mergeFilters, parseRequestedFilters } from './handler/grant/filters.js';
export type {
  ChoosableFilter,
  ChoosableFilters,
  RequestedFilter,
} from './handler/grant/filters.js';
