'use client';
export { QuickBIDevtools, type QuickBIDevtoolsProps } from './QuickBIDevtools.js';
