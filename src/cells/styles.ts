import { css } from 'lit';

/** What every cell shares: its frame, header, big figures, empty state. */
export const cellStyles = css`
  :host { display: block; background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: 0.75rem 1rem; margin: 1rem 0; }
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
`;
