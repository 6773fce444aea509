import { css } from 'lit';

/** What every cell shares: its frame, header, big figures, empty state. */
export const cellStyles = css`
  :host { display: block; min-width: 0; background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: 0.75rem 1rem; margin: 1rem 0; }
  /* A phone is a first-class screen: nothing in a cell may push the page sideways; wide tables scroll inside their cell. */
  section { min-width: 0; }
  select { max-width: 100%; min-width: 0; text-overflow: ellipsis; }
  .actions { max-width: 100%; }
  .actions label { display: inline-flex; align-items: center; gap: 0.3rem; max-width: 100%; min-width: 0; }
  .actions label select { flex: 1 1 auto; }
  /* position: relative: an absolutely placed child (a visually hidden header) stays inside the scroll area, not in the page's width. */
  .table-wrap { overflow-x: auto; max-width: 100%; position: relative; }
  header { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem; }
  h2 { font-size: 1.1rem; margin: 0; }
  .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
  button, select { font: inherit; padding: 0.3rem 0.6rem; border-radius: 6px; border: 1px solid var(--border); background: var(--background); color: var(--text); }
  button:focus-visible, select:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
  button:disabled { opacity: 0.5; }
  .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(8rem, 1fr)); gap: 0.5rem; margin: 0.75rem 0; }
  .figure { border: 1px solid var(--border); border-radius: 8px; padding: 0.4rem 0.6rem; }
  dt { color: var(--muted); font-size: 0.8rem; }
  dd { margin: 0; font-size: 1.5rem; font-variant-numeric: tabular-nums; }
  .note, .empty { color: var(--muted); font-size: 0.9rem; }
  .chart { overflow-x: auto; }
  .chart svg { max-width: 100%; height: auto; }
  /* A file input dressed as a button ("Import CSV"): the input covers its label, invisible, so a click or a tap opens the picker. */
  .file { position: relative; padding: 0.3rem 0.6rem; border: 1px solid var(--border); border-radius: 6px; cursor: pointer; }
  .file input { position: absolute; inset: 0; opacity: 0; cursor: pointer; }
  .file:focus-within { outline: 2px solid var(--accent); }
  /* Plot wraps a chart with a legend in a <figure>, whose default 40 px side margins shrank the chart (and its 10 px text) by a quarter. */
  .chart figure { margin: 0; }
`;
