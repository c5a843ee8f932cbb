import { createHttpAdapter } from '@quickbi-embed/core';
import type { Credential } from '@quickbi-embed/core';
import { QuickBIProvider, QuickBIReport } from '@quickbi-embed/react';

const adapter = createHttpAdapter(); // talks to /api/quickbi

// `initialCredential`: the ticket getServerSideProps rendered with; renewals go to /api/quickbi.
export const Sales = ({ initialCredential }: { initialCredential?: Credential }) => (
  <QuickBIProvider adapter={adapter} locale="en">
    <QuickBIReport
      worksId="dash-sales-0001"
      title="Sales"
      height="auto"
      showStatus
      initialCredential={initialCredential}
    />
  </QuickBIProvider>
);
