/**
 * Puts Plot charts into a container that carries the chart's accessible name (role="img" and
 * aria-label on the container): the SVG inside is presentational, so Plot's own aria-labels on
 * <g> elements (not allowed without a role) are removed and the SVG is hidden from the
 * accessibility tree. Tooltips still work for pointer users.
 */
export function mountCharts(target: HTMLElement, ...charts: (SVGSVGElement | HTMLElement)[]): void {
  for (const chart of charts) {
    const svgs = chart instanceof SVGSVGElement ? [chart] : Array.from(chart.querySelectorAll('svg'));
    for (const svg of svgs) {
      svg.setAttribute('aria-hidden', 'true');
      for (const el of svg.querySelectorAll('[aria-label], [aria-description]')) {
        el.removeAttribute('aria-label');
        el.removeAttribute('aria-description');
      }
    }
  }
  target.replaceChildren(...charts);
}

/** The CTL/ATL/TSB lines' names and colours, the same in every chart that shows them. */
export const PMC_COLOR = {
  legend: true,
  domain: ['CTL (fitness)', 'ATL (fatigue)', 'TSB (form)'],
  range: ['#1f77b4', '#ff7f0e', '#2ca02c'],
};

/** Long-format rows for Plot's lineY (one per day and series) from index `from` to `to` (the last day by default). */
export function pmcRows(
  s: { dates: readonly string[]; ctl: Float64Array; atl: Float64Array; tsb: Float64Array },
  from: number,
  to = s.dates.length - 1,
): { date: Date; series: string; value: number }[] {
  const rows: { date: Date; series: string; value: number }[] = [];
  for (let i = from; i <= to; i++) {
    const date = new Date(`${s.dates[i]}T00:00:00Z`);
    rows.push({ date, series: 'CTL (fitness)', value: s.ctl[i] as number }, { date, series: 'ATL (fatigue)', value: s.atl[i] as number }, { date, series: 'TSB (form)', value: s.tsb[i] as number });
  }
  return rows;
}

/**
 * A PMC row's tip as text: its date, then "CTL (fitness): 41.2". Plot's key–value tip named the
 * value by the y axis' long label and cut the number off behind it; a title tip wraps instead.
 */
export function pmcTip(d: { date: Date; series: string; value: number }): string {
  return `${d.date.toISOString().slice(0, 10)}\n${d.series}: ${d.value.toFixed(1)}`;
}

/**
 * A linear scale's domain from 0 that never collapses: with every value 0 (a quiet week, a
 * month without zone time) Plot's domain is [0, 0] and its ticks read "0.000000"; the axis then
 * runs to `atLeast` so a 0 bar reads as nothing done.
 */
export function zeroBasedDomain(values: Iterable<number>, atLeast = 1): [number, number] {
  let max = 0;
  for (const v of values) if (Number.isFinite(v) && v > max) max = v;
  return [0, Math.max(max, atLeast)];
}

/**
 * Zone colours from easy to hard (Z1 cool blue … Z5 red), the way every watch and coach draws
 * them: a categorical palette made Z3 red and Z5 green. From ColorBrewer's sequential schemes.
 */
export const ZONE_COLORS = ['#9ecae1', '#41ab5d', '#fec44f', '#fd8d3c', '#d7301f'] as const;

/** A colour scale mapping each zone's label (in order Z1…Z5) to its colour. */
export function zoneColorScale(labels: readonly string[]): { domain: string[]; range: string[] } {
  return { domain: [...labels], range: ZONE_COLORS.slice(0, labels.length) };
}
