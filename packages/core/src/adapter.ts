import type {
  CopilotCredential,
  CopilotTicketRequest,
  EmbedTokenCredential,
  TicketCredential,
  TicketInfo,
  TicketInfoRequest,
  TicketRenewRequest,
  TicketRequest,
  TokenRequest,
} from './contract.js';

export interface AdapterCallOptions {
  signal?: AbortSignal;
}

/**
 * How the browser asks the app's server for credentials. `createHttpAdapter` speaks our HTTP
 * contract; an app with its own backend (tRPC, GraphQL, …) implements these four calls instead.
 * Every failure should reject with a `QuickBIEmbedError`.
 */
export interface QuickBIClientAdapter {
  createEmbedToken(
    request: TokenRequest,
    options?: AdapterCallOptions,
  ): Promise<EmbedTokenCredential>;
  createTicket(request: TicketRequest, options?: AdapterCallOptions): Promise<TicketCredential>;
  /** Extend the ticket in place (expiry and use budget); may answer with a new ticket when it cannot. */
  renewTicket(request: TicketRenewRequest, options?: AdapterCallOptions): Promise<TicketCredential>;
  queryTicketInfo(request: TicketInfoRequest, options?: AdapterCallOptions): Promise<TicketInfo>;
  /** A Smart Q ticket (`/copilot/ticket`); optional for adapters written before Smart Q. */
  createCopilotTicket?(
    request: CopilotTicketRequest,
    options?: AdapterCallOptions,
  ): Promise<CopilotCredential>;
}
