import { describe, expect, it } from 'vitest';
import { errorPageText, readExtendFrom, readTimeZone, readUpdateTicketNum } from './probes.js';

const at = (iso: string) => Date.parse(iso);

describe('doctor readings', () => {
  it('UpdateTicketNum: each reading, and the cases it cannot tell', () => {
    expect(readUpdateTicketNum(3, 4, 1, 4)).toEqual({ mode: 'setMax' });
    expect(readUpdateTicketNum(3, 5, 1, 4)).toEqual({ mode: 'addRemaining' });
    // No use consumed: both readings give Max = TicketNum.
    expect(readUpdateTicketNum(3, 4, 0, 4).mode).toBeUndefined();
    // Max grew by TicketNum: a third reading, which no handler setting matches.
    expect(readUpdateTicketNum(3, 7, 1, 4)).toMatchObject({ mode: undefined, note: /grew/ });
  });

  it('InvalidTime zone: to the quarter hour, flags a skewed clock, refuses nonsense', () => {
    const before = at('2026-01-01T00:00:00Z');
    expect(readTimeZone('2026-01-01 09:00:00', before, before, 60)).toEqual({
      timeZone: '+08:00',
      skewMinutes: 0,
    });
    expect(readTimeZone('2025-12-31 20:00:00', before, before, 60).timeZone).toBe('-05:00');
    expect(readTimeZone('2026-01-01 06:45:00', before, before, 60).timeZone).toBe('+05:45');
    expect(readTimeZone('2026-01-01 09:05:00', before, before, 60)).toEqual({
      timeZone: '+08:00',
      skewMinutes: 5,
    });
    expect(readTimeZone('2026-01-03 00:00:00', before, before, 60).timeZone).toBeUndefined();
    expect(readTimeZone('soon', before, before, 60).timeZone).toBeUndefined();
  });

  it('DelayTicketExpireTime base: later by the delay, or earlier (from now)', () => {
    expect(readExtendFrom('2026-01-01 10:00:00', '2026-01-01 10:30:00', 30)).toBe('invalidTime');
    expect(readExtendFrom('2026-01-01 10:00:00', '2026-01-01 09:30:05', 30)).toBe('now');
    expect(readExtendFrom('2026-01-01 10:00:00', '2026-01-01 10:00:00', 30)).toBeUndefined();
  });

  it("Quick BI's page error texts", () => {
    expect(errorPageText('<p>AE0130010026 There is no ticket number left</p>')).toBe(
      'AE0130010026',
    );
    expect(errorPageText('<p>Ticket[abc]has expired</p>')).toBe('Ticket[abc]has expired');
    expect(errorPageText('<table><td>华东</td></table>')).toBeUndefined();
  });
});
