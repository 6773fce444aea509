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
