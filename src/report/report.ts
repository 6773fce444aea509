import { REPORT_CSS } from './reportStyles';

/**
 * The exported report: one self-contained HTML file made from the notebook as it is on screen
 * (the cells the athlete picked, with their current parameters). Each cell's rendered section
 * is cloned, its controls removed, its charts kept as inline SVG and its tables as HTML; the
 * options then strip or blur GPS drawings and hide activity names. The file has no script and
 * a CSP that allows no request at all, so it opens from disk, offline, in any browser.
 *
 * Built with DOM nodes (never string concatenation), so every user string is escaped by the
 * serializer: an activity named `<img src=x onerror=…>` stays that text.
 */

export interface ReportOptions {
  /** Drop every drawn GPS route. */
  stripRoutes: boolean;
  /** Draw routes without their first and last 500 m (where a run starts: usually home). */
  blurRouteEnds: boolean;
  /** Replace activity names with their sport. */
  hideNames: boolean;
  /** Shown in the header when given. */
  athlete: string;
}

export interface ReportCell {
  kind: string;
  /** The cell's rendered root (its shadow root's section); cloned, never changed. */
  section: Element;
  /** "Range: 1 year"-style lines: the cell's parameters in words (Cell.reportParams). */
  params: string[];
  /** The cell's own stylesheet (its shadow root's), scoped to its section in the report. */
  css: string;
}

export interface ReportInput {
  cells: ReportCell[];
  options: ReportOptions;
  firstDate: string | null;
  lastDate: string | null;
  /** Local date of generation. */
  generated: string;
  /** Every activity name, to scrub from free text (SQL results…) when names are hidden. */
  names: readonly string[];
}

/** The report's own policy: nothing may be fetched, no script may run; inline styles and data: images only. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const HIDDEN_NAME = 'activity';

export function buildReport({ cells, options, firstDate, lastDate, generated, names }: ReportInput): string {
  const doc = document.implementation.createHTMLDocument('');
  doc.documentElement.lang = 'en';
  const head = doc.head;
  head.replaceChildren();
  const meta = (attrs: Record<string, string>) => {
    const m = doc.createElement('meta');
    for (const [k, v] of Object.entries(attrs)) m.setAttribute(k, v);
    head.append(m);
  };
  meta({ charset: 'utf-8' });
  meta({ 'http-equiv': 'Content-Security-Policy', content: REPORT_CSP });
  meta({ name: 'viewport', content: 'width=device-width, initial-scale=1' });
  meta({ name: 'generator', content: 'fitbook' });
  const title = doc.createElement('title');
  title.textContent = `Training report${options.athlete ? ` — ${options.athlete}` : ''} (${firstDate ?? '–'} to ${lastDate ?? '–'})`;
  head.append(title);

  const header = doc.createElement('header');
  header.className = 'report-header';
  const h1 = doc.createElement('h1');
  h1.textContent = options.athlete ? `Training report: ${options.athlete}` : 'Training report';
  const range = doc.createElement('p');
  range.textContent = `Data from ${firstDate ?? '–'} to ${lastDate ?? '–'} · generated ${generated} with fitbook, on this device: no data was uploaded anywhere.`;
  header.append(h1, range);
  const chosen: string[] = [];
  if (options.stripRoutes) chosen.push('GPS routes removed');
  else if (options.blurRouteEnds) chosen.push('route ends blurred (first and last 500 m not drawn)');
  if (options.hideNames) chosen.push('activity names hidden');
  if (chosen.length) {
    const p = doc.createElement('p');
    p.textContent = `Privacy: ${chosen.join('; ')}.`;
    header.append(p);
  }

  const main = doc.createElement('main');
  const cellCss: string[] = [];
  for (const cell of cells) {
    cellCss.push(scopeCss(cell.css, `section.cell[data-cell="${cell.kind}"]`));
    const section = doc.importNode(cell.section, true) as Element;
    freezeControls(cell.section, section);
    const wrapper = doc.createElement('section');
    wrapper.className = 'cell';
    wrapper.setAttribute('data-cell', cell.kind);
    wrapper.append(...Array.from(section.childNodes));
    clean(wrapper, options);
    if (cell.params.length) {
      const p = doc.createElement('p');
      p.className = 'params';
      p.textContent = cell.params.join(' · ');
      wrapper.querySelector('header')?.after(p);
    }
    main.append(wrapper);
  }
  if (options.hideNames) scrubNames(main, names);
  // Plot's legend styles sit inside its <figure>: in a document they belong in <head> (once).
  const css = new Set<string>(cellCss);
  for (const el of main.querySelectorAll('style')) {
    if (el.closest('svg')) continue;
    css.add(el.textContent ?? '');
    el.remove();
  }
  for (const text of css) {
    const s = doc.createElement('style');
    s.textContent = text;
    head.append(s);
  }
  // Last, so the report's own rules (light theme, no scroll areas, print breaks) win.
  const style = doc.createElement('style');
  style.textContent = REPORT_CSS;
  head.append(style);
  doc.body.replaceChildren(header, main);
  return `<!doctype html>\n${doc.documentElement.outerHTML}\n`;
}

/**
 * A table's inputs (the plan's cells) become their text: values live in DOM properties, which a
 * clone does not copy, so they are read from the live controls, pairwise in document order.
 */
function freezeControls(live: Element, clone: Element): void {
  const selector = 'input, select, textarea';
  const from = Array.from(live.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(selector));
  const to = Array.from(clone.querySelectorAll(selector));
  to.forEach((control, i) => {
    const source = from[i];
    if (!source || !control.closest('td, th')) return;
    const span = clone.ownerDocument.createElement('span');
    span.textContent = source instanceof HTMLSelectElement
      ? source.selectedOptions[0]?.textContent?.trim() ?? ''
      : source instanceof HTMLInputElement && source.type === 'checkbox' ? (source.checked ? '✓' : '') : source.value;
    control.replaceWith(span);
  });
}

/** Controls, comments, helper attributes and, per the options, GPS drawings and names. */
function clean(root: Element, options: ReportOptions): void {
  const doc = root.ownerDocument;
  // Editing has no use on paper: what the cell marks as editing (pickers with their labels,
  // hints, a remove column), header actions (CSV, collapse), and any other form control.
  for (const el of root.querySelectorAll('[data-edit], header .actions, select, input, textarea, [data-action="cell-collapse"], [role="status"]')) el.remove();
  // Buttons that wrap content (a route thumbnail, an activity name) become plain spans; empty ones go.
  for (const button of root.querySelectorAll('button')) {
    if (!button.textContent?.trim() && !button.querySelector('svg')) { button.remove(); continue; }
    if (button.dataset.action?.startsWith('route-show') || button.dataset.action === 'routes-show-all') { button.remove(); continue; }
    const span = doc.createElement('span');
    span.className = button.className;
    span.append(...Array.from(button.childNodes));
    button.replaceWith(span);
  }
  for (const label of root.querySelectorAll('label')) if (!label.textContent?.trim()) label.remove();
  if (options.stripRoutes) {
    for (const svg of root.querySelectorAll('svg[data-gps]')) {
      const note = doc.createElement('span');
      note.className = 'note';
      note.textContent = 'route not included';
      svg.replaceWith(note);
    }
  }
  for (const path of root.querySelectorAll('path[data-d-blurred]')) {
    if (options.blurRouteEnds) {
      const blurred = path.getAttribute('data-d-blurred');
      if (blurred) path.setAttribute('d', blurred);
      else path.remove();
    }
    path.removeAttribute('data-d-blurred');
  }
  if (options.hideNames) {
    for (const el of root.querySelectorAll('[data-private="name"]')) el.textContent = el.getAttribute('data-private-alt') || HIDDEN_NAME;
    // A description is the athlete's own words: it may name anyone.
    for (const el of root.querySelectorAll('[data-private="description"]')) el.remove();
    // Chart tooltips may carry names: a static page has no use for them anyway.
    for (const t of root.querySelectorAll('svg title')) t.remove();
  }
  if (options.hideNames || options.stripRoutes) {
    // Query results can hold anything (names, positions): left out rather than guessed at.
    for (const table of root.querySelectorAll('[data-sql-result]')) {
      const note = doc.createElement('p');
      note.className = 'note';
      note.textContent = 'Query results left out: with names hidden or routes removed, they could still hold either.';
      table.replaceWith(note);
    }
  }
  for (const el of root.querySelectorAll('[data-private], [data-private-alt]')) {
    el.removeAttribute('data-private');
    el.removeAttribute('data-private-alt');
  }
  // The HTML parser puts <svg> in the SVG namespace by itself: the xmlns attributes Plot writes
  // are redundant, and a report with no URL in it at all is easier to trust.
  for (const svg of root.querySelectorAll('svg')) {
    svg.removeAttribute('xmlns');
    svg.removeAttribute('xmlns:xlink');
  }
  // Lit's markers and any other comment.
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_COMMENT);
  const comments: Node[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  for (const c of comments) c.parentNode?.removeChild(c);
  // Ids from different cells may clash once they share one document; aria-labelledby goes with them.
  for (const el of root.querySelectorAll('[id], [aria-labelledby]')) {
    el.removeAttribute('id');
    el.removeAttribute('aria-labelledby');
  }
}

/** Every occurrence of a (4+ character) activity name in the report's text becomes "activity". */
function scrubNames(root: Element, names: readonly string[]): void {
  const distinct = [...new Set(names.map((n) => n.trim()).filter((n) => n.length >= 4))].sort((a, b) => b.length - a.length);
  if (distinct.length === 0) return;
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement?.closest('style')) continue;
    let text = node.nodeValue ?? '';
    for (const name of distinct) if (text.includes(name)) text = text.split(name).join(HIDDEN_NAME);
    if (text !== node.nodeValue) node.nodeValue = text;
  }
}

/**
 * A cell's shadow-root CSS for a shared document: `:host` becomes the cell's section and every
 * other selector is nested under it, so two cells' `.chart` or `table` rules cannot collide.
 * Parsed by the browser (CSSStyleSheet), so nothing here guesses at CSS syntax.
 */
export function scopeCss(cssText: string, scope: string): string {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(cssText);
  const scopeRules = (rules: CSSRuleList): string => Array.from(rules, (rule) => {
    if (rule instanceof CSSStyleRule) {
      const selectors = rule.selectorText.split(',').map((sel) => {
        const t = sel.trim();
        if (t.startsWith(':host')) return t.replace(/^:host(\(([^)]*)\))?/, (_m, _g, inner: string | undefined) => `${scope}${inner ?? ''}`);
        return `${scope} ${t}`;
      });
      return `${selectors.join(', ')} { ${rule.style.cssText} }`;
    }
    if (rule instanceof CSSMediaRule) return `@media ${rule.conditionText} { ${scopeRules(rule.cssRules)} }`;
    return '';
  }).join('\n');
  return scopeRules(sheet.cssRules);
}
