import { describe, expect, it } from 'vitest';
import { QuickBIEmbedError } from '@quickbi-embed/core';
import type { GlobalParam } from '@quickbi-embed/core';
import { mergeFilters, parseRequestedFilters, type ChoosableFilters } from './filters.js';

const policyParam: GlobalParam = [
  {
    paramKey: 'region',
    joinType: 'and',
    conditionList: [{ operate: 'in', value: ['华东', '华北'] }],
  },
];
const choosable: ChoosableFilters = {
  region: { values: ['华东', '华北'] },
  product_type: {},
};

function refusal(run: () => unknown): string {
  try {
    run();
    return 'accepted';
  } catch (error) {
    expect(error).toBeInstanceOf(QuickBIEmbedError);
    expect((error as QuickBIEmbedError).status).toBe(403);
    return (error as QuickBIEmbedError).code;
  }
}

describe('mergeFilters', () => {
  it('keeps the policy conditions and adds the chosen values (narrowing)', () => {
    const merged = mergeFilters(policyParam, choosable, [
      { paramKey: 'region', values: ['华东'] },
      { paramKey: 'product_type', values: ['家具产品', '办公用品'] },
    ]);
    expect(merged).toEqual([
      policyParam[0],
      {
        paramKey: 'product_type',
        joinType: 'and',
        conditionList: [{ operate: 'in', value: ['办公用品', '家具产品'] }],
      },
      { paramKey: 'region', joinType: 'and', conditionList: [{ operate: 'in', value: ['华东'] }] },
    ]);
  });

  it('is canonical: the same choice in another order gives the same GlobalParam', () => {
    const a = mergeFilters(undefined, choosable, [
      { paramKey: 'region', values: ['华北', '华东'] },
      { paramKey: 'product_type', values: ['x'] },
    ]);
    const b = mergeFilters(undefined, choosable, [
      { paramKey: 'product_type', values: ['x', 'x'] },
      { paramKey: 'region', values: ['华东', '华北'] },
    ]);
    expect(a).toEqual(b);
  });

  it('without a request, the policy stands as it is', () => {
    expect(mergeFilters(policyParam, choosable, [])).toBe(policyParam);
    expect(mergeFilters(undefined, undefined, [])).toBeUndefined();
  });

  it.each([
    ['a parameter the policy does not offer', [{ paramKey: 'price', values: ['1'] }]],
    ['no choosable filters at all', [{ paramKey: 'region', values: ['华东'] }], {}],
    ['a value outside the offered ones (widening)', [{ paramKey: 'region', values: ['西南'] }]],
    ['one allowed and one widening value', [{ paramKey: 'region', values: ['华东', '西南'] }]],
    [
      'the same parameter twice',
      [
        { paramKey: 'product_type', values: ['a'] },
        { paramKey: 'product_type', values: ['b'] },
      ],
    ],
    ['an inherited object key', [{ paramKey: 'toString', values: ['a'] }]],
  ])(
    'refuses %s with FILTER_NOT_ALLOWED',
    (_what, requested, rules: ChoosableFilters | undefined = choosable) => {
      expect(refusal(() => mergeFilters(policyParam, rules, requested))).toBe('FILTER_NOT_ALLOWED');
    },
  );

  it('refuses any filter when the policy offers none', () => {
    expect(
      refusal(() =>
        mergeFilters(policyParam, undefined, [{ paramKey: 'region', values: ['华东'] }]),
      ),
    ).toBe('FILTER_NOT_ALLOWED');
  });

  it("refuses values past the policy's own condition even when the filter offers any value", () => {
    const open: ChoosableFilters = { region: {} };
    expect(
      refusal(() => mergeFilters(policyParam, open, [{ paramKey: 'region', values: ['西南'] }])),
    ).toBe('FILTER_NOT_ALLOWED');
    expect(
      mergeFilters(policyParam, open, [{ paramKey: 'region', values: ['华北'] }]),
    ).toHaveLength(2);
  });

  it('caps the number of values per filter', () => {
    const rules: ChoosableFilters = { product_type: { maxValues: 2 } };
    expect(
      refusal(() =>
        mergeFilters(undefined, rules, [{ paramKey: 'product_type', values: ['a', 'b', 'c'] }]),
      ),
    ).toBe('FILTER_NOT_ALLOWED');
  });
});

describe('parseRequestedFilters', () => {
  it('accepts well-formed filters and nothing', () => {
    expect(parseRequestedFilters([{ paramKey: 'region', values: ['华东'] }])).toEqual([
      { paramKey: 'region', values: ['华东'] },
    ]);
    expect(parseRequestedFilters(undefined)).toEqual([]);
  });

  it.each([
    ['an object', { region: ['x'] }],
    ['a bad paramKey', [{ paramKey: 'a b', values: ['x'] }]],
    ['no values', [{ paramKey: 'region', values: [] }]],
    ['a non-string value', [{ paramKey: 'region', values: [1] }]],
    ['an empty value', [{ paramKey: 'region', values: [''] }]],
    ['an extra field (an operator)', [{ paramKey: 'region', values: ['x'], operate: '!=' }]],
    [
      'too many filters',
      Array.from({ length: 21 }, (_, i) => ({ paramKey: `p${i}`, values: ['x'] })),
    ],
    ['a huge value', [{ paramKey: 'region', values: ['x'.repeat(257)] }]],
  ])('refuses %s with FILTER_NOT_ALLOWED', (_what, input) => {
    expect(refusal(() => parseRequestedFilters(input))).toBe('FILTER_NOT_ALLOWED');
  });
});
