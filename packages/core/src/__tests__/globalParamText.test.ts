import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QuickBIEmbedError } from '../errors.js';
import type { GlobalParam } from '../globalParam.js';
import { formatGlobalParam, formatGlobalParamItem } from '../globalParamFormat.js';
import { parseGlobalParam } from '../globalParamText.js';

const wire =
  '[{"paramKey":"price","joinType":"and","conditionList":[{"operate":">","value":"0"}]},' +
  '{"paramKey":"product_type","joinType":"and","conditionList":[{"operate":"in","value":["办公用品","家具产品"]}]}]';

describe('GlobalParam text', () => {
  it('formats the spec example readably', () => {
    const param = parseGlobalParam(wire);
    expect(param.map(formatGlobalParamItem)).toEqual([
      'price > 0',
      'product_type in 办公用品, 家具产品',
    ]);
    expect(formatGlobalParam(param)).toBe('price > 0; product_type in 办公用品, 家具产品');
    expect(formatGlobalParam(null)).toBe('');
  });

  it('reads back what it writes', () => {
    expect(parseGlobalParam('price > 0; product_type in 办公用品, 家具产品')).toEqual(
      JSON.parse(wire),
    );
    const range: GlobalParam = [
      {
        paramKey: 'price',
        joinType: 'and',
        conditionList: [
          { operate: '>=', value: '10' },
          { operate: '<', value: '20' },
        ],
      },
    ];
    expect(formatGlobalParam(range)).toBe('price >= 10 and price < 20');
    expect(parseGlobalParam(formatGlobalParam(range))).toEqual(range);
  });

  it('round-trips any simple parameter', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9_\u4e00-\u9fa5]{1,8}$/).filter((w) => w !== 'and');
    const item = fc.record({
      paramKey: fc.stringMatching(/^[A-Za-z0-9_]{1,12}$/),
      joinType: fc.constant('and' as const),
      conditionList: fc.array(
        fc.oneof(
          fc.record({ operate: fc.constantFrom('=', '>', '<=', 'like'), value: word }),
          fc.record({ operate: fc.constant('in'), value: fc.array(word, { minLength: 1 }) }),
        ),
        { minLength: 1, maxLength: 3 },
      ),
    });
    fc.assert(
      fc.property(fc.uniqueArray(item, { selector: (i) => i.paramKey, maxLength: 4 }), (param) => {
        expect(parseGlobalParam(formatGlobalParam(param))).toEqual(param);
      }),
    );
  });

  it.each([
    ['an object', '{"paramKey":"a"}'],
    ['broken JSON', '[{'],
    [
      'a number value',
      '[{"paramKey":"a","joinType":"and","conditionList":[{"operate":"=","value":40}]}]',
    ],
    ['an OR join', '[{"paramKey":"a","joinType":"or","conditionList":[]}]'],
    ['a bad key', '[{"paramKey":"a b","conditionList":[]}]'],
    ['unreadable text', 'just words'],
  ])('rejects %s with a typed error', (_label, input) => {
    expect(() => parseGlobalParam(input)).toThrow(QuickBIEmbedError);
  });
});
