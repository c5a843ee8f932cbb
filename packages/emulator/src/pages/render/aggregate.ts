/** Sums the sample pages show: totals and sales by region. */
import { REGIONS, roundCents } from '../sampleData.js';
import type { OrderRow } from '../sampleData.js';

export interface Totals {
  sales: number;
  orders: number;
  quantity: number;
}

export function totalsOf(rows: readonly OrderRow[]): Totals {
  let sales = 0;
  let quantity = 0;
  for (const row of rows) {
    sales += row.sales;
    quantity += row.quantity;
  }
  return { sales: roundCents(sales), orders: rows.length, quantity };
}

/** Regions with at least one row, in the dataset's fixed order. */
export function salesByRegion(rows: readonly OrderRow[]): Array<{ region: string; sales: number }> {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(row.region, (sums.get(row.region) ?? 0) + row.sales);
  const known: readonly string[] = REGIONS;
  const order = [...known, ...[...sums.keys()].filter((region) => !known.includes(region))];
  return order
    .filter((region) => sums.has(region))
    .map((region) => ({ region, sales: roundCents(sums.get(region) ?? 0) }));
}
