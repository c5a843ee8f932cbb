import { createHttpAdapter } from '@quickbi-embed/core';
import { QuickBIProvider, QuickBIReport } from '@quickbi-embed/react';

const adapter = createHttpAdapter(); // talks to /api/quickbi

export const Sales = () => (
  <QuickBIProvider adapter={adapter} locale="en">
    <QuickBIReport worksId="dash-sales-0001" title="Sales" height="auto" showStatus />
  </QuickBIProvider>
);
