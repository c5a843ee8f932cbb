import { QuickBIEmbedError } from './errors.js';

/** Beijing time: the zone Quick BI is assumed to write `InvalidTime` in (undocumented, spec §1.10). */
export const QUICKBI_DEFAULT_UTC_OFFSET_MINUTES = 480;

/**
 * Quick BI's `yyyy-MM-dd HH:mm:ss` (no zone) as epoch ms, read in the given UTC offset.
 * Treat the result as informational: the zone is not documented.
 */
export function parseInvalidTime(
  text: string,
  utcOffsetMinutes: number = QUICKBI_DEFAULT_UTC_OFFSET_MINUTES,
): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  const [, y, mo, d, h, mi, s] = (m ?? []).map(Number);
  const ms = m ? Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) : NaN;
  // Date.UTC rolls 2024-02-30 over into March; a real Quick BI time never needs that.
  if (!m || new Date(ms).getUTCDate() !== d || new Date(ms).getUTCHours() !== h)
    throw new QuickBIEmbedError({
      code: 'BAD_REQUEST',
      status: 400,
      message: `Not a Quick BI time (yyyy-MM-dd HH:mm:ss): "${text}"`,
    });
  return ms - utcOffsetMinutes * 60_000;
}
