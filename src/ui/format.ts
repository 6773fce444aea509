/** Number and time formatting for what the user reads (locale-aware; raw values go in data-value). */

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatCount(n: number): string {
  return integer.format(n);
}

export function formatMegabytes(bytes: number): string {
  return `${oneDecimal.format(bytes / 2 ** 20)} MB`;
}

/** 'm:ss' below an hour, 'h:mm:ss' above. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
