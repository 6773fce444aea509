/**
 * The report's stylesheet: the light theme (it is for reading and printing), the cells' shared
 * classes (figures, notes, tables) and print rules: each cell starts a page unless it fits after
 * the previous one, charts and figures never split across pages.
 */
export const REPORT_CSS = `
:root { color-scheme: light; --text: #1b1f24; --muted: #57606a; --surface: #fff; --background: #fff; --border: #d0d7de; --accent: #0969da; --danger: #b42318; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text); background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 0.25rem; }
.report-header { border-bottom: 2px solid var(--border); margin-bottom: 1rem; }
.report-header p { color: var(--muted); margin: 0.2rem 0 0.6rem; }
section.cell { border: 1px solid var(--border); border-radius: 10px; padding: 0.75rem 1rem; margin: 1rem 0; break-inside: auto; }
section.cell header { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: baseline; gap: 0.5rem; }
h2 { font-size: 1.15rem; margin: 0; }
h3 { font-size: 1rem; margin: 1rem 0 0.25rem; }
.params { color: var(--muted); font-size: 0.85rem; margin: 0.25rem 0; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(8rem, 1fr)); gap: 0.5rem; margin: 0.75rem 0; }
.figure { border: 1px solid var(--border); border-radius: 8px; padding: 0.4rem 0.6rem; break-inside: avoid; }
dt { color: var(--muted); font-size: 0.8rem; }
dd { margin: 0; font-size: 1.4rem; font-variant-numeric: tabular-nums; }
.note, .empty { color: var(--muted); font-size: 0.9rem; }
.chart { break-inside: avoid; }
.chart svg, svg.plot, figure svg { max-width: 100%; height: auto; color: var(--text); }
figure { margin: 0.5rem 0; break-inside: avoid; }
.table-wrap, .chart { overflow: visible !important; max-height: none !important; }
section.cell { background: #fff !important; color: var(--text) !important; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0; }
th, td { padding: 0.2rem 0.5rem; border-bottom: 1px solid var(--border); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--border); }
.open { color: inherit !important; text-decoration: none !important; }
svg.ring { width: 8rem; height: auto; }
.top { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
.thumbs, .routes { display: flex; flex-wrap: wrap; gap: 0.5rem; }
.thumb { display: inline-flex; flex-direction: column; border: 1px solid var(--border); border-radius: 8px; padding: 0.3rem; font-size: 0.8rem; }
.thumb path { fill: none; stroke: var(--accent); stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  section.cell { break-before: page; border: none; padding: 0; }
  section.cell:first-of-type { break-before: auto; }
  tr, .figure, .chart, figure { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;
