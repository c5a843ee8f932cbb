import { describe, expect, it } from 'vitest';
import {
  GlobalParamError,
  OPERATORS,
  SAMPLE_ROWS,
  UNKNOWN_PARAM_KEY_TEXT,
  applyGlobalParam,
  parseGlobalParam,
} from '../src/pages/index.js';
import type { OrderRow } from '../src/pages/index.js';

type Condition = { operate: string; value: unknown };
const param = (paramKey: string, ...conditionList: Condition[]) => ({
  paramKey,
  joinType: 'and',
  conditionList,
});
const filter = (...params: unknown[]) => applyGlobalParam(SAMPLE_ROWS, params);
const where = (predicate: (row: OrderRow) => boolean) => SAMPLE_ROWS.filter(predicate);

describe('sample data', () => {
  it('has about 40 orders over the five regions and three product types', () => {
    expect(SAMPLE_ROWS.length).toBe(40);
    expect(new Set(SAMPLE_ROWS.map((row) => row.region))).toEqual(
      new Set(['华东', '华北', '华南', '西南', '东北']),
    );
    expect(new Set(SAMPLE_ROWS.map((row) => row.product_type))).toEqual(
      new Set(['办公用品', '家具产品', '技术产品']),
    );
    for (const row of SAMPLE_ROWS) {
      expect(row.order_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(row.sales).toBeCloseTo(row.price * row.quantity, 2);
    }
  });
});

describe('applyGlobalParam: every operator', () => {
  it('= on a string field', () => {
    const rows = filter(param('region', { operate: '=', value: '华东' }));
    expect(rows).toHaveLength(8);
    expect(rows.every((row) => row.region === '华东')).toBe(true);
  });

  it('!= on a string field', () => {
    const rows = filter(param('region', { operate: '!=', value: '华东' }));
    expect(rows).toHaveLength(32);
    expect(rows.some((row) => row.region === '华东')).toBe(false);
  });

  it('> and < on a numeric field compare as numbers, not as text', () => {
    // As text, "912.27" > "9" but "100.5" < "9"; as numbers only 5.36 is not above 9.
    expect(filter(param('price', { operate: '>', value: '9' }))).toHaveLength(39);
    expect(filter(param('price', { operate: '<', value: '9' })).map((row) => row.price)).toEqual([
      5.36,
    ]);
    expect(filter(param('price', { operate: '>', value: '900' })).map((row) => row.price)).toEqual([
      912.27, 932.29,
    ]);
  });

  it('>= and <= include the bound', () => {
    expect(filter(param('price', { operate: '>=', value: '932.29' })).map((r) => r.price)).toEqual([
      932.29,
    ]);
    expect(filter(param('price', { operate: '<=', value: '5.36' })).map((r) => r.price)).toEqual([
      5.36,
    ]);
    expect(filter(param('quantity', { operate: '>=', value: '20' }))).toEqual(
      where((row) => row.quantity >= 20),
    );
    expect(filter(param('quantity', { operate: '>=', value: '20' }))).toHaveLength(2);
  });

  it('= on a numeric field matches the number whatever its spelling', () => {
    expect(filter(param('quantity', { operate: '=', value: '5.0' }))).toEqual(
      where((row) => row.quantity === 5),
    );
    expect(filter(param('quantity', { operate: '=', value: '5.0' })).length).toBeGreaterThan(0);
  });

  it('dates compare as strings', () => {
    const rows = filter(param('order_date', { operate: '>=', value: '2025-12-01' }));
    expect(rows.map((row) => row.order_date).sort()).toEqual([
      '2025-12-03',
      '2025-12-08',
      '2025-12-19',
      '2025-12-23',
    ]);
  });

  it('in and not-in take arrays', () => {
    const both = filter(param('product_type', { operate: 'in', value: ['办公用品', '家具产品'] }));
    expect(both).toEqual(where((row) => row.product_type !== '技术产品'));
    expect(both).toHaveLength(28);
    const others = filter(
      param('product_type', { operate: 'not-in', value: ['办公用品', '家具产品'] }),
    );
    expect(others).toHaveLength(12);
    expect(others.every((row) => row.product_type === '技术产品')).toBe(true);
    expect(filter(param('quantity', { operate: 'in', value: ['20', '4'] }))).toEqual(
      where((row) => row.quantity === 20 || row.quantity === 4),
    );
  });

  it('between is inclusive, numeric for numbers and textual for dates', () => {
    const prices = filter(param('price', { operate: 'between', value: ['5.36', '68.39'] }));
    expect(prices.map((row) => row.price).sort((a, b) => a - b)).toEqual([
      5.36, 17.68, 41.02, 56.1, 68.39,
    ]);
    const january = filter(
      param('order_date', { operate: 'between', value: ['2025-01-01', '2025-01-31'] }),
    );
    expect(january.map((row) => row.order_date).sort()).toEqual([
      '2025-01-11',
      '2025-01-25',
      '2025-01-28',
    ]);
  });

  it('like and contain match a substring', () => {
    expect(filter(param('product_type', { operate: 'like', value: '产品' }))).toEqual(
      where((row) => row.product_type !== '办公用品'),
    );
    expect(filter(param('order_date', { operate: 'contain', value: '-01-' }))).toHaveLength(3);
  });

  it('start-with and end-with match a prefix or suffix', () => {
    expect(filter(param('region', { operate: 'start-with', value: '华' }))).toHaveLength(24);
    expect(filter(param('order_date', { operate: 'end-with', value: '-22' }))).toHaveLength(3);
    expect(filter(param('region', { operate: 'end-with', value: '华' }))).toHaveLength(0);
  });

  it('the test above covers every operator the engine accepts', () => {
    expect([...OPERATORS].sort()).toEqual(
      [
        '=',
        '!=',
        '>',
        '>=',
        '<',
        '<=',
        'in',
        'not-in',
        'like',
        'contain',
        'start-with',
        'end-with',
        'between',
      ].sort(),
    );
  });
});

describe('applyGlobalParam: combination and errors', () => {
  it('ANDs conditions within a parameter and across parameters', () => {
    const rows = filter(
      param('region', { operate: 'in', value: ['华东', '华北'] }),
      param('price', { operate: '>', value: '300' }, { operate: '<', value: '800' }),
    );
    expect(rows).toEqual(
      where((row) => ['华东', '华北'].includes(row.region) && row.price > 300 && row.price < 800),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(16);
  });

  it('passes every row through when there is no GlobalParam', () => {
    expect(applyGlobalParam(SAMPLE_ROWS, null)).toHaveLength(40);
    expect(applyGlobalParam(SAMPLE_ROWS, [])).toHaveLength(40);
  });

  it('rejects a paramKey the report does not define with Quick BI text', () => {
    const run = () =>
      applyGlobalParam(SAMPLE_ROWS, [param('region', { operate: '=', value: '华东' })], ['price']);
    expect(run).toThrow(GlobalParamError);
    expect(run).toThrow(UNKNOWN_PARAM_KEY_TEXT);
    expect(() => filter(param('no_such_field', { operate: '=', value: 'x' }))).toThrow(
      UNKNOWN_PARAM_KEY_TEXT,
    );
  });

  it('ignores a key the report defines that the sample dataset lacks', () => {
    const rows = applyGlobalParam(
      SAMPLE_ROWS,
      [param('userId', { operate: '=', value: 'u1' })],
      ['userId', 'region'],
    );
    expect(rows).toHaveLength(40);
  });

  it('rejects malformed GlobalParam with Invalid.Parameter.Error', () => {
    const code = (value: unknown) => {
      try {
        parseGlobalParam(value);
      } catch (error) {
        return error instanceof GlobalParamError ? error.code : 'other';
      }
      return 'none';
    };
    expect(code({ paramKey: 'region' })).toBe('Invalid.Parameter.Error');
    expect(() => parseGlobalParam({})).toThrow("exepct '['");
    expect(code([param('region', { operate: 'regex', value: 'x' })])).toBe(
      'Invalid.Parameter.Error',
    );
    expect(code([param('region', { operate: 'in', value: '华东' })])).toBe(
      'Invalid.Parameter.Error',
    );
    expect(code([param('region', { operate: '=', value: ['华东'] })])).toBe(
      'Invalid.Parameter.Error',
    );
    expect(code([param('price', { operate: 'between', value: ['1'] })])).toBe(
      'Invalid.Parameter.Error',
    );
    expect(code([param('price', { operate: '>', value: 40 })])).toBe('Invalid.Parameter.Error');
    expect(code([{ paramKey: 'region', joinType: 'or', conditionList: [] }])).toBe(
      'Invalid.Parameter.Error',
    );
    expect(code([param('region', { operate: '=', value: '华东' })])).toBe('none');
    expect(() => filter(param('price', { operate: '>', value: 'abc' }))).toThrow(
      'The parameter is invalid:',
    );
  });
});
