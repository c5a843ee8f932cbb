/**
 * The doctor's readings of what Quick BI leaves undocumented, each a pure function of what Quick BI
 * answered (no I/O here, so each reading is tested on its own numbers too).
 */
import { parseInvalidTime } from '../client/parseInvalidTime.js';

const MINUTE = 60_000;

/** `InvalidTime` text read as if it were UTC, in epoch ms; undefined for unreadable text. */
export function asUtc(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  try {
    return parseInvalidTime(text, 0);
  } catch {
    return undefined;
  }
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${sign}${hh}:${mm}`;
}

export interface ZoneReading {
  timeZone: string | undefined;
  /** How far the reading is from a whole quarter hour: a large one means a skewed clock. */
  skewMinutes: number;
}

/**
 * The zone of `InvalidTime`: a ticket created between `before` and `after` (epoch ms, our clock)
 * with `expireMinutes` expires at about `(before + after) / 2 + expireMinutes`; the text read as UTC
 * is that instant shifted by the zone's offset. Offsets are whole quarter hours, within ±14 h.
 */
export function readTimeZone(
  invalidTime: string | undefined,
  before: number,
  after: number,
  expireMinutes: number,
): ZoneReading {
  const shown = asUtc(invalidTime);
  if (shown === undefined) return { timeZone: undefined, skewMinutes: 0 };
  const expected = (before + after) / 2 + expireMinutes * MINUTE;
  const rawMinutes = (shown - expected) / MINUTE;
  const offset = Math.round(rawMinutes / 15) * 15;
  if (Math.abs(offset) > 14 * 60) return { timeZone: undefined, skewMinutes: 0 };
  return {
    timeZone: formatOffset(offset === 0 ? 0 : offset),
    skewMinutes: Math.round(Math.abs(rawMinutes - offset) * 10) / 10,
  };
}

export type ExtendReading = 'now' | 'invalidTime' | undefined;

/**
 * DelayTicketExpireTime's base. Created with `createMinutes`, then delayed by `delayMinutes` (less
 * than `createMinutes`) moments later: from the old expiry the new one is `delayMinutes` later;
 * from now it is `createMinutes - delayMinutes` earlier. The zone cancels out (same text format).
 */
export function readExtendFrom(
  before: string | undefined,
  after: string | undefined,
  delayMinutes: number,
): ExtendReading {
  const a = asUtc(before);
  const b = asUtc(after);
  if (a === undefined || b === undefined) return undefined;
  const moved = (b - a) / MINUTE;
  if (Math.abs(moved - delayMinutes) <= 2) return 'invalidTime';
  if (moved < -1) return 'now';
  return undefined;
}

export type TicketNumReading =
  { mode: 'setMax' | 'addRemaining'; note?: undefined } | { mode: undefined; note: string };

/**
 * UpdateTicketNum's counting, from MaxTicketNum before and after `UpdateTicketNum(ticketNum)` with
 * `used` uses consumed: `setMax` makes Max = ticketNum; `addRemaining` leaves ticketNum uses
 * (Max = used + ticketNum). With no use consumed the two agree, so nothing can be told apart.
 */
export function readUpdateTicketNum(
  maxBefore: number,
  maxAfter: number,
  used: number,
  ticketNum: number,
): TicketNumReading {
  if (used === 0 && maxAfter === ticketNum)
    return {
      mode: undefined,
      note: 'setMax and addRemaining agree while no use is consumed (the page load consumed none)',
    };
  if (maxAfter === ticketNum) return { mode: 'setMax' };
  if (maxAfter === used + ticketNum) return { mode: 'addRemaining' };
  if (maxAfter === maxBefore + ticketNum)
    return {
      mode: undefined,
      note: `MaxTicketNum grew by TicketNum (${maxBefore} -> ${maxAfter}): neither reading the handler supports`,
    };
  return {
    mode: undefined,
    note: `MaxTicketNum ${maxBefore} -> ${maxAfter} after TicketNum ${ticketNum} with ${used} used: no known reading`,
  };
}

/** Quick BI's page-side error texts (spec §1.9): a page showing one is not the report. */
const ERROR_PAGE_MARKERS: readonly RegExp[] = [
  /AE\d{10}/,
  /no ticket number left/i,
  /Ticket\s*\[[^\]]*\]\s*(has expired|not exist)/i,
  /report bound by ticket mismatch/i,
  /report_tree unauthorized/i,
  /全局参数配置在报表组件中不存在/,
  /报表全局参数\S*不合法/,
];

/** The first Quick BI error text the page shows, or undefined. */
export function errorPageText(html: string): string | undefined {
  for (const marker of ERROR_PAGE_MARKERS) {
    const found = marker.exec(html);
    if (found) return found[0];
  }
  return undefined;
}
