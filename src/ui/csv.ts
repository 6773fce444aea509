/**
 * CSV out of every cell (docs/schema.md "CSV downloads"): a header row, numbers to their
 * column's meaningful precision (csvDecimals), empty cells for missing values, RFC 4180 quoting
 * for text.
 */
export type CsvValue = string | number | null | undefined;

/**
 * Decimals a column's numbers are written with, from its name; null = as computed. Measured
 * quantities stop at what was measured — Garmin stores centimetres and milliseconds, so metres
 * keep 2 decimals and seconds 3, and every stored summary value reads back exactly — which
 * drops the float32 noise of recorded streams (an altitude of 17.31298828125 m is 17.31).
 * Model outputs (load, CTL, ATL, TSB, ACWR, ramp) are written as computed: they are exact
 * functions of the data, and scripts check them against their own computation.
 */
export function csvDecimals(column: string): number | null {
  if (column === 'lat' || column === 'lon') return 7; // ~1 cm
  if (/_pct$/.test(column)) return 3;
  if (/(^|_)pace_|gap_min_per_km$/.test(column)) return 4; // < 0.01 s per km
  if (/m_per_beat$/.test(column)) return 4;
  if (/_mps$/.test(column)) return 3; // mm/s, the FIT resolution
  if (/_km$/.test(column)) return 5; // cm
  if (/(^|_)m$/.test(column)) return 2; // cm
  if (/(^|_)s$/.test(column)) return 3; // ms
  if (/(^|_)hr($|_)|_ms$/.test(column)) return 2;
  if (/vdot$/.test(column)) return 3;
  return null;
}

function cell(v: CsvValue, decimals: number | null): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(decimals === null ? v : Number(v.toFixed(decimals))) : '';
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function toCsv(columns: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const decimals = columns.map(csvDecimals);
  return [columns.join(','), ...rows.map((r) => r.map((v, i) => cell(v, decimals[i] ?? null)).join(','))].join('\n') + '\n';
}

/** Saves text as a file through a temporary object URL (nothing leaves the browser). */
export function downloadText(filename: string, text: string, type = 'text/csv'): void {
  downloadBlob(filename, new Blob([text], { type }));
}

/** Saves bytes the page holds as a file (an object URL of this page's own origin: nothing is sent). */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
