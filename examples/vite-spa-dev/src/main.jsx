import { createHttpAdapter } from '@quickbi-embed/core';
import { QuickBIProvider, QuickBIReport } from '@quickbi-embed/react';
import { createRoot } from 'react-dom/client';

const adapter = createHttpAdapter(); // /api/quickbi, on Vite's origin: the proxy forwards it

createRoot(document.getElementById('root')).render(
  <QuickBIProvider adapter={adapter} locale="en">
    <QuickBIReport worksId="dash-sales-0001" title="Sales" height="auto" showStatus />
  </QuickBIProvider>,
);
