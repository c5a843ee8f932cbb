/**
 * When a credential stops working, on the server's clock: the call time plus the requested
 * minutes, or Quick BI's `InvalidTime` when that is earlier. An `InvalidTime` before the call
 * itself means the configured zone is wrong (Quick BI does not document it), so it is ignored.
 */
export function earliestExpiry(
  callTime: number,
  minutes: number,
  invalidAt: number | undefined,
): number {
  const ours = callTime + minutes * 60_000;
  if (invalidAt === undefined || invalidAt <= callTime) return ours;
  return Math.min(ours, invalidAt);
}
