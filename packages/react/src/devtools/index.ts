'use client';
import { DEV } from '@quickbi-embed/core';
import type { FunctionComponent } from 'react';
import { QuickBIDevtools as Panel, type QuickBIDevtoolsProps } from './QuickBIDevtools.js';

export type { QuickBIDevtoolsProps };

/**
 * The devtools in development; in a production build a component that renders nothing, and the
 * panel's code is not in the build at all (bundlers fold the literal `process.env.NODE_ENV`
 * check and drop the unused panel, as TanStack Query's devtools do). To show it in production
 * (a staging site, a hosted Storybook), import `@quickbi-embed/react/devtools/production`.
 */
export const QuickBIDevtools: FunctionComponent<QuickBIDevtoolsProps> =
  DEV && process.env.NODE_ENV !== 'production' ? Panel : () => null;
