/** Quick BI's `yyyy-MM-dd HH:mm:ss` (no zone in the string) rendered in a `+HH:MM` zone. */
export function formatQuickBITime(epochMs: number, timeZone: string): string {
  const sign = timeZone.startsWith('-') ? -1 : 1;
  const [h = '0', m = '0'] = timeZone.slice(1).split(':');
  const shifted = new Date(epochMs + sign * (Number(h) * 60 + Number(m)) * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${shifted.getUTCFullYear()}-${p(shifted.getUTCMonth() + 1)}-${p(shifted.getUTCDate())} ` +
    `${p(shifted.getUTCHours())}:${p(shifted.getUTCMinutes())}:${p(shifted.getUTCSeconds())}`
  );
}
