'use client';
export { QuickBIProvider, type QuickBIProviderProps } from './QuickBIProvider.js';
export { useQuickBI, type QuickBIContextValue, type QuickBILocale } from './context.js';
export { QuickBIReport } from './QuickBIReport.js';
export type { QuickBIReportProps } from './QuickBIReportProps.js';
export { useEmbedToken } from './useEmbedToken.js';
export { useTicket } from './useTicket.js';
export { useTicketInfo, type TicketInfoState } from './useTicketInfo.js';
export type { CredentialState } from './useCredential.js';
export { credentialQueryKey } from './credentialQueryKey.js';
export {
  embedTokenQueryOptions,
  ticketInfoQueryOptions,
  ticketQueryOptions,
} from './queryOptions.js';
