'use client';
// Smart Q on its own entry point, so pages that embed only reports do not carry it.
export { QuickBICopilot, type QuickBICopilotProps } from '../QuickBICopilot.js';
