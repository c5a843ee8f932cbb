// The same report without React: the framework-free engine from @quickbi-embed/core.
import { createHttpAdapter } from '@quickbi-embed/core';
import { mountQuickBIReport } from '@quickbi-embed/core/mount';

mountQuickBIReport(document.querySelector('#sales'), {
  adapter: createHttpAdapter(), // talks to /api/quickbi
  worksId: 'dash-sales-0001',
  title: 'Sales',
});
