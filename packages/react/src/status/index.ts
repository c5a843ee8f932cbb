'use client';
export { QuickBIStatus, type QuickBIStatusProps } from './QuickBIStatus.js';
export { formatTimeLeft, statusStrings } from './statusStrings.js';
