'use client';
// The devtools in every build, production included: an explicit opt-in (see ./index.ts).
export { QuickBIDevtools, type QuickBIDevtoolsProps } from './QuickBIDevtools.js';
