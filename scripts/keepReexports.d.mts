import type { TsdownPlugin } from 'tsdown';

/** Writes a re-export-only entry to dist/ as the same re-exports (see keepReexports.mjs). */
export function keepReexports(): TsdownPlugin;
