/** The bundled sample dataset every embed page shows: orders by region and product type. */

export interface OrderRow {
  region: string;
  product_type: string;
  price: number;
  quantity: number;
  /** yyyy-MM-dd */
  order_date: string;
  sales: number;
}

export type OrderField = keyof OrderRow;

export const ORDER_FIELDS: readonly OrderField[] = [
  'region',
  'product_type',
  'price',
  'quantity',
  'order_date',
  'sales',
];

/** Fields compared as numbers by GlobalParam conditions; every other field compares as a string. */
export const NUMERIC_FIELDS: ReadonlySet<OrderField> = new Set<OrderField>([
  'price',
  'quantity',
  'sales',
]);

export const REGIONS = ['华东', '华北', '华南', '西南', '东北'] as const;

type Seed = [
  region: string,
  productType: string,
  price: number,
  quantity: number,
  orderDate: string,
];

const SEED: Seed[] = [
  ['华东', '家具产品', 302.77, 11, '2025-12-19'],
  ['华北', '家具产品', 870.54, 19, '2025-01-28'],
  ['华南', '办公用品', 197.39, 20, '2025-01-11'],
  ['西南', '办公用品', 76.63, 14, '2025-12-23'],
  ['东北', '技术产品', 68.39, 13, '2025-06-06'],
  ['华东', '技术产品', 73.57, 17, '2025-02-01'],
  ['华北', '技术产品', 740.09, 18, '2025-10-24'],
  ['华南', '技术产品', 41.02, 7, '2025-02-19'],
  ['西南', '家具产品', 302.91, 16, '2025-04-25'],
  ['东北', '家具产品', 204.56, 10, '2025-07-12'],
  ['华东', '办公用品', 841.06, 13, '2025-05-21'],
  ['华北', '家具产品', 402.47, 12, '2025-03-03'],
  ['华南', '家具产品', 527.44, 10, '2025-04-13'],
  ['西南', '办公用品', 772.33, 5, '2025-02-24'],
  ['东北', '家具产品', 619.48, 19, '2025-03-14'],
  ['华东', '家具产品', 633.43, 14, '2025-03-06'],
  ['华北', '家具产品', 5.36, 6, '2025-10-22'],
  ['华南', '家具产品', 370.32, 11, '2025-04-09'],
  ['西南', '技术产品', 286.33, 12, '2025-01-25'],
  ['东北', '技术产品', 451.25, 4, '2025-10-09'],
  ['华东', '办公用品', 457.85, 16, '2025-05-01'],
  ['华北', '家具产品', 112.8, 20, '2025-04-17'],
  ['华南', '家具产品', 899.24, 15, '2025-12-08'],
  ['西南', '办公用品', 497.96, 8, '2025-10-15'],
  ['东北', '技术产品', 779.86, 11, '2025-11-11'],
  ['华东', '家具产品', 889.2, 10, '2025-05-21'],
  ['华北', '技术产品', 874.82, 4, '2025-03-10'],
  ['华南', '办公用品', 140.55, 14, '2025-10-07'],
  ['西南', '家具产品', 289.01, 4, '2025-08-18'],
  ['东北', '技术产品', 912.27, 5, '2025-09-04'],
  ['华东', '技术产品', 337.78, 7, '2025-09-04'],
  ['华北', '技术产品', 358.41, 6, '2025-08-14'],
  ['华南', '家具产品', 932.29, 9, '2025-12-03'],
  ['西南', '家具产品', 652.01, 4, '2025-08-22'],
  ['东北', '家具产品', 56.1, 18, '2025-06-13'],
  ['华东', '技术产品', 757.04, 4, '2025-11-10'],
  ['华北', '办公用品', 222.86, 2, '2025-10-22'],
  ['华南', '家具产品', 17.68, 9, '2025-10-13'],
  ['西南', '办公用品', 224.15, 4, '2025-08-17'],
  ['东北', '办公用品', 659.67, 3, '2025-11-04'],
];

/** Money rounded to cents, so sums of sales are stable to compare. */
export function roundCents(value: number): number {
  return Math.round(value * 100) / 100;
}

export const SAMPLE_ROWS: readonly OrderRow[] = Object.freeze(
  SEED.map(([region, product_type, price, quantity, order_date]) =>
    Object.freeze({
      region,
      product_type,
      price,
      quantity,
      order_date,
      sales: roundCents(price * quantity),
    }),
  ),
);
