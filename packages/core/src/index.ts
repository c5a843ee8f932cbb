/**
 * The public API of `@quickbi-embed/core`. Everything else in src/ is internal (`createEmbed`,
 * `EngineCore`, the renewal planner, `REJECTED`, `systemTimers`…) and may change in any release.
 *
 * Modules whose every export is public come through `export *`: esbuild keeps a module a
 * user's app does not import out of its first chunk only across `export *` (named re-exports made
 * the error texts and GlobalParam formatting, used by lazy chunks only, eager: +2.7 kB min+gzip on
 * the README app, measured by scripts/size.mjs). Adding an export to one of them makes it public.
 */
export * from './contract.js';
export * from './copilotSession.js';
export * from './credentialTiming.js';
export * from './development.js';
export * from './errorKind.js';
export * from './errors.js';
export * from './globalParamFormat.js';
export * from './globalParamText.js';
export * from './heightWatcher.js';
export * from './httpAdapter.js';
export * from './invalidTime.js';
export * from './originError.js';
export * from './regions.js';
export * from './renewalTiming.js';
export * from './reportUrl.js';
export * from './strings.js';
export * from './worksType.js';

export * from './credentialEntry.js';
export * from './embedEngine.js';
export * from './renewalScheduler.js';

// Types of modules that also hold internals: by name.
export type { AdapterCallOptions, QuickBIClientAdapter } from './adapter.js';
export type { Embed, EmbedEvents, EmbedState } from './embed.js';
export type {
  EmbedEngineOptions,
  Report,
  ReportRecord,
  ReportRequest,
  ReportState,
  SeedCredential,
} from './engineTypes.js';
export type {
  GlobalParam,
  GlobalParamCondition,
  GlobalParamItem,
  GlobalParamOperator,
} from './globalParam.js';
export type { Timers } from './timers.js';
