/** Number and time text for the sample pages; locale-free so output is the same on every machine. */

export function formatAmount(value: number, decimals = 2): string {
  const [whole = '0', fraction] = Math.abs(value).toFixed(decimals).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0 ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** The emulator clock's instant as `yyyy-MM-dd HH:mm:ss` UTC, labelled so no zone is implied. */
export function formatClock(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
