import { describe, expect, it } from 'vitest';
import { QuickBIEmbedError } from '../errors.js';
import { parseInvalidTime } from '../invalidTime.js';

describe('parseInvalidTime', () => {
  it('reads Quick BI time as Beijing time by default', () => {
    expect(parseInvalidTime('2021-09-15 07:18:00')).toBe(Date.parse('2021-09-14T23:18:00Z'));
  });
  it('takes another zone', () => {
    expect(parseInvalidTime('2021-09-15 07:18:00', 0)).toBe(Date.parse('2021-09-15T07:18:00Z'));
  });
  it.each(['2021-09-15', '2021-02-30 10:00:00', '2021-09-15 25:00:00', 'soon'])(
    'rejects %s',
    (text) => {
      expect(() => parseInvalidTime(text)).toThrow(QuickBIEmbedError);
    },
  );
});
