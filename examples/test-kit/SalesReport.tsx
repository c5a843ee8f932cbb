/**
 * Stands in for a component of YOUR app: a page section that embeds a Quick BI dashboard. The
 * tests next to it show the three ways to test such a component.
 */
import { QuickBIReport } from '@quickbi-embed/react';

export function SalesReport({ region }: { region: string }) {
  return (
    <section>
      <h2>Sales in {region}</h2>
      <QuickBIReport worksId="dash-sales-0001" title={`Sales in ${region}`} height={480} />
    </section>
  );
}
