import { parseInvalidTime as parseInOffset } from '@quickbi-embed/core';

/**
 * Quick BI returns `InvalidTime` / `RegisterTime` as `yyyy-MM-dd HH:mm:ss` with no zone, and its
 * docs never say which zone that is (spec §1.10). We read it in a configured offset, UTC+8 by
 * default (the zone of cn-hangzhou), and never trust it alone for expiry: the handler takes the
 * earlier of it and its own call time plus the requested minutes.
 */
export const DEFAULT_QUICKBI_TIME_ZONE = '+08:00';

const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

/** Offset of `timeZone` (`+08:00`, `-0530`, `Z`, `UTC`) in minutes east of UTC. */
export function parseTimeZoneOffset(timeZone: string): number {
  if (timeZone === 'Z' || timeZone === 'UTC') return 0;
  const match = OFFSET.exec(timeZone);
  const minutes = match ? Number(match[2]) * 60 + Number(match[3]) : NaN;
  if (!match || minutes > 14 * 60)
    throw new RangeError(`Unsupported time zone "${timeZone}": use an offset like +08:00`);
  return match[1] === '-' ? -minutes : minutes;
}

/**
 * `yyyy-MM-dd HH:mm:ss` read in `timeZone` (an offset like `+08:00`, or minutes east of UTC;
 * default `+08:00`), as epoch ms. Throws a `BAD_REQUEST` QuickBIEmbedError on other text.
 */
export function parseInvalidTime(
  text: string,
  timeZone: string | number = DEFAULT_QUICKBI_TIME_ZONE,
): number {
  return parseInOffset(
    text,
    typeof timeZone === 'number' ? timeZone : parseTimeZoneOffset(timeZone),
  );
}

/** Like {@link parseInvalidTime} but undefined for missing or malformed text. */
export function tryParseInvalidTime(text: unknown, timeZone?: string): number | undefined {
  if (typeof text !== 'string' || text === '') return undefined;
  try {
    return parseInvalidTime(text, timeZone);
  } catch {
    return undefined;
  }
}
