import type { QuickBIClientAdapter } from './adapter.js';
import type { ContractFilter, Credential, TicketRequest } from './contract.js';
import type { CredentialEntry } from './credentialEntry.js';
import type { EmbedRecord } from './embed.js';
import type { CookieSink } from './heldReports.js';
import type { QuickBIEmbedError } from './errors.js';
import type { RenewalPolicy } from './renewalTiming.js';
import type { Timers } from './timers.js';
import type { WorksType } from './worksType.js';

/** One report as the browser asks for it. `worksType` is optional: the server decides it. */
export interface ReportRequest {
  worksId: string;
  worksType?: WorksType;
  /** One component of a dashboard (tickets only). */
  cmptId?: string;
  /** `ticket` (CreateTicket, default) or `token` (CreateEmbedToken). */
  credential?: 'ticket' | 'token';
  /**
   * Host-chosen filters (tickets only): the server ANDs them to the policy's own, or refuses them
   * (FILTER_NOT_ALLOWED). Another choice is another report: it gets its own ticket and re-embeds.
   */
  filters?: ContractFilter[];
}

export interface EmbedEngineOptions {
  adapter: QuickBIClientAdapter;
  /** The clock and timers everything runs on (tests pass fake ones). */
  timers?: Timers | undefined;
  renewal?: RenewalPolicy | undefined;
  /** The Quick BI origin to accept `reportUrl` on when the server announces none. */
  reportOrigin?: string | undefined;
  /** A credential fetched elsewhere (e.g. prefetched into a query cache) to start a report with. */
  seed?: ((request: ReportRequest) => SeedCredential | undefined) | undefined;
  /** Attempts to recover on its own once the credential died of a transient failure (default 6). */
  recoveries?: number | undefined;
  /**
   * How long a report nobody holds (no mounted embed, no hook, no fetch in flight) keeps its
   * credential before it is collected, in ms (default 5 min, as TanStack Query's `gcTime`;
   * `Infinity` where there is no `window`, e.g. a server render, so no timer outlives a request).
   */
  gcTime?: number | undefined;
  /**
   * Where the page tells its own server which reports it shows (`heldReports.ts`): the document's
   * cookie `quickbi-held` by default, a sink of your own (tests), or `false` for apps that
   * prefetch nothing.
   */
  heldCookie?: CookieSink | false | undefined;
}

export interface SeedCredential {
  credential: Credential;
  /** The local time it arrived, for skew correction. */
  receivedAt: number;
}

export interface ReportState {
  /** The current credential; kept while a renewal is in flight or after a renewal failed. */
  credential: Credential | undefined;
  /** `success` while a live credential is at hand, even if the last renewal failed. */
  status: 'pending' | 'success' | 'error';
  /** The last failure (cleared by the next success). */
  error: QuickBIEmbedError | null;
  /** Expiry on this browser's clock (skew-corrected), epoch ms. */
  expiresAt: number | undefined;
  isRenewing: boolean;
}

/** One report's credential: fetched once, shared by everything showing or holding it. */
export interface Report {
  readonly key: string;
  readonly request: ReportRequest;
  /** Keeps the credential fetched and renewed until the returned release. */
  retain(): () => void;
  /** Asks again now (the user's Retry): clears the error, the dry count and the backoff. */
  refetch(): Promise<void>;
  getState(): ReportState;
  /** Calls `listener` after every change of this report, until the returned unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Changes with every change of this report only: a `useSyncExternalStore` snapshot. */
  getSnapshot(): number;
}

/** The engine's bookkeeping of a report (named fields, for tests and devtools). */
export interface ReportRecord extends Report {
  current?: CredentialEntry | undefined;
  error: QuickBIEmbedError | null;
  inflight?: Promise<void> | undefined;
  /** Answers in a row that left waiting embeds no use; TICKET_EXHAUSTED at the planner's limit. */
  dry: number;
  exhausted?: QuickBIEmbedError | undefined;
  /** Self-recovery attempts since the credential died. */
  recoveries: number;
  holders: number;
  /** Attached embeds, and those of them without a src. */
  embeds: Set<EmbedRecord>;
  waiting: Set<EmbedRecord>;
  /** Counts this report's changes (its `getSnapshot`), and who hears of them. */
  version: number;
  listeners: Set<() => void>;
}

/**
 * Every change to a report record or credential entry: its name, then its arguments. The engine's
 * actions apply them in one place (`dispatch` in `engineActions.ts`, as TanStack's
 * `Query#dispatch`); embeds and the renewal planner only dispatch them.
 */
export type EngineAction =
  /** An embed or hook starts (1) or stops (-1) holding the report. */
  | [type: 'hold', by: 1 | -1]
  /** An embed attaches (still showing `shown`, if it kept it), or detaches. */
  | [type: 'attach' | 'detach', embed: EmbedRecord, shown: CredentialEntry | undefined]
  /** An embed stops showing `shown` (it died, or the embed switched reports). */
  | [type: 'unshow', shown: CredentialEntry]
  /** An embed without a src waits for a use. */
  | [type: 'wait', embed: EmbedRecord]
  /** An embed spends one of this page's uses of `entry` and shows it. */
  | [type: 'start', embed: EmbedRecord, entry: CredentialEntry]
  /** Ask once: a fetch in flight is joined, not restarted. */
  | [type: 'fetch']
  /** The user's Retry: clears the error, the dry count and the backoff, and asks again. */
  | [type: 'retry']
  /** A credential handed in (prefetched): taken if it fits the report and is new to this page. */
  | [type: 'hydrate', credential: Credential]
  /** An answer about a credential: checked against the report origin and booked (its grant). */
  | [type: 'book', answer: Credential, fallback: number, receivedAt?: number]
  /** A live credential for the report (an answer, or one handed in): it shows it from now on. */
  | [type: 'success', entry: CredentialEntry]
  /** The report's last ask failed (adapters reject with a QuickBIEmbedError). */
  | [type: 'failure', error: QuickBIEmbedError]
  /** An answer that left the waiting embeds a use (`usable`) or none (dry). */
  | [type: 'dry', usable: boolean]
  /** Too many dry answers in a row: `error` (TICKET_EXHAUSTED) until the user's Retry. */
  | [type: 'exhausted', error: QuickBIEmbedError]
  /** A self-recovery attempt starts. */
  | [type: 'recover']
  /** The server answered another value: embeds showing `entry` load the new one. */
  | [type: 'end', entry: CredentialEntry]
  /** An in-place renewal of a pinned `entry` ended (`error` null on success). */
  | [type: 'pinned', entry: CredentialEntry, error: QuickBIEmbedError | null]
  /** An answer that came for the user `clear` signed out: never shown, refused if handed in. */
  | [type: 'drop', entry: CredentialEntry]
  /** Sign-out (`reset`: its credentials refused for good) or collection: its state is gone. */
  | [type: 'reset' | 'collect']
  /** After a change: embeds take what they can, pins follow, subscribers hear of it. */
  | [type: 'settle'];

/** What an embed and the renewal planner see of the engine: its reads, and `dispatch`. */
export interface EngineCore {
  options(): EmbedEngineOptions;
  now(): number;
  alive(entry: CredentialEntry | undefined): entry is CredentialEntry;
  expiry(entry: CredentialEntry): number;
  /** Applies the action to `r` (its name, then its arguments); a `book` answers the entry. */
  dispatch(r: ReportRecord, ...action: EngineAction): CredentialEntry | undefined;
  /** Dispatches `book` for an answer: its entry (throws for an answer off the report origin). */
  book(r: ReportRecord, answer: Credential, fallback: number): CredentialEntry;
  /** Asks for a new ticket for `r` (reserving `wanted` uses when more than one) and books it. */
  create(r: ReportRecord, request: TicketRequest, wanted: number): Promise<CredentialEntry>;
  /** An embed took a use; `left` uses are left after it (undefined for a token). */
  claimed(embed: EmbedRecord, left: number | undefined): void;
  /** Every report and credential of the page (read only: they change through `dispatch`). */
  readonly reports: ReadonlyMap<string, ReportRecord>;
  readonly credentials: ReadonlyMap<string, CredentialEntry>;
}
