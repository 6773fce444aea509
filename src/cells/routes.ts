import { css, html, nothing, svg, type PropertyValues } from 'lit';
import * as Plot from '@observablehq/plot';
import { Cell, cellSpec } from './cell';
import { routePath, trimEnds } from '../analysis/routePath';

/** How much of each end of a drawn route the report's "blur route ends" option drops (issue #6). */
export const REPORT_BLUR_M = 500;
import { DEFAULTS as ROUTES, ROUTES_CSV_COLUMNS, routesCsvRows, type Course, type Route, type RoutesResult, type RouteTrack, type Trend } from '../analysis/routes';
import { DEFAULTS as COURSES } from '../analysis/courses';
import type { ActivityInput, Units } from '../analysis/types';
import { formatPaceValue, sportName, unitMetres } from '../ui/format';
import { downloadText, toCsv } from '../ui/csv';
import { mountCharts } from '../ui/chart';
import { cellStyles } from './styles';
import { explain, explainStyles, inputsUsed } from './explain';

/**
 * Routes (metrics.md "Routes", docs/routes.md): runs grouped into courses — the same start, a
 * similar distance and the same path (analysis/courses) — each drawn from one representative GPS
 * track as an SVG path (no map tiles: nothing leaves the browser), most-run first; the chosen
 * course's runs and its pace and grade-adjusted pace over time with their trend lines. Below, the
 * start clusters as "places you start from": their numbers are buildRoutes' cluster numbers, the
 * `route` column of the activities and routes CSVs.
 */

/** A thumbnail's box (SVG user units); the drawing is pure (analysis/routePath). */
const THUMBNAIL = { width: 120, height: 90, paddingPx: 6 };
/** Thumbnails shown before "Show all": the most-run courses; one-off runs make long tails. */
const THUMBNAILS_SHOWN = 24;
/** Runs listed for the chosen course before "Show all". */
const RUNS_SHOWN = 50;
/** Places listed before "Show all": most runs first. */
const PLACES_SHOWN = 8;
const PACE_COLOR = { legend: true, domain: ['Pace', 'Grade-adjusted pace (GAP)'], range: ['#1f77b4', '#ff7f0e'] };

/** What a thumbnail and the chosen course's header show. */
interface CourseView {
  course: Course;
  /** The place it starts from. */
  place: Route;
  /** Median distance of the course's runs, m; null when none has one. */
  typicalDistanceM: number | null;
  /** The name most of its runs carry (ties: the latest), a user string. */
  name: string | null;
  /** Path data of its representative track; null without one. */
  d: string | null;
  /** The same track without its first and last REPORT_BLUR_M metres (null when nothing is left). */
  dBlurred: string | null;
}

/** A place you start from, for the smaller list under the courses. */
interface PlaceView {
  place: Route;
  /** Its courses, most-run first. */
  courses: CourseView[];
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** A trend's slope (min/km per year) for reading: seconds per km or mile per year, and which way. */
function formatTrend(t: Trend | null, units: Units) {
  if (!t) return '–';
  const s = Math.round(t.slopePerYear * 60 * (unitMetres(units) / 1000));
  if (s === 0) return html`±0 s/${units} <span class="note">per year</span>`;
  return html`${s < 0 ? '−' : '+'}${Math.abs(s)} s/${units} <span class="note">per year, ${s < 0 ? 'faster' : 'slower'}</span>`;
}

/** A route's distance in the athlete's unit, one decimal ('' when unknown). */
function formatRouteDistance(m: number | null, units: Units): string {
  return m === null ? '' : `${(m / unitMetres(units)).toFixed(1)} ${units}`;
}

const utcDay = (localDate: string): Date => new Date(`${localDate}T00:00:00Z`);

/** The name most of the runs carry (ties: the latest of them to reach the count). */
function mostCommonName(ids: readonly number[], nameOf: (id: number) => string | null | undefined): string | null {
  const counts = new Map<string, number>();
  let name: string | null = null;
  for (const id of ids) {
    const n = nameOf(id);
    if (!n) continue;
    const c = (counts.get(n) ?? 0) + 1;
    counts.set(n, c);
    if (name === null || c >= (counts.get(name) as number)) name = n;
  }
  return name;
}

export class RoutesCell extends Cell {
  static override properties = {
    activities: { attribute: false },
    routes: { attribute: false },
    tracks: { attribute: false },
    today: { attribute: false },
    showAll: { state: true },
    allRuns: { state: true },
    allPlaces: { state: true },
  };

  declare activities: ActivityInput[] | null;
  /** The runs clustered into places and courses, once for the notebook (db/dataset.ts). */
  declare routes: RoutesResult | null;
  declare tracks: RouteTrack[] | null;
  declare today: string;
  declare showAll: boolean;
  declare allRuns: boolean;
  declare allPlaces: boolean;
  /** Most-run first (ties: course number). */
  private views: CourseView[] = [];
  /** Most runs first (ties: place number). */
  private places: PlaceView[] = [];
  private byId = new Map<number, ActivityInput>();

  constructor() {
    super();
    this.activities = null;
    this.routes = null;
    this.tracks = null;
    this.showAll = false;
    this.allRuns = false;
    this.allPlaces = false;
  }

  static override readonly spec = cellSpec<RoutesCell>({ kind: 'routes', title: 'Routes', tag: 'fitbook-routes-cell', inputs: ['activities', 'routes', 'tracks', 'today'] });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('activities')) this.byId = new Map((this.activities ?? []).map((a) => [a.id, a]));
    if (changed.has('activities') || changed.has('routes') || changed.has('tracks')) {
      this.views = this.courseViews();
      this.places = this.placeViews();
    }
  }

  private courseViews(): CourseView[] {
    const routes = this.routes?.routes ?? [];
    const trackOf = new Map((this.tracks ?? []).map((t) => [t.activityId, t]));
    const nameOf = (id: number) => this.byId.get(id)?.name;
    return (this.routes?.courses ?? []).map((course) => {
      // The course's latest run among the tracks the worker sent (one per start cluster or per course).
      let track: RouteTrack | undefined;
      for (let i = course.runIds.length - 1; i >= 0 && !track; i--) track = trackOf.get(course.runIds[i] as number);
      const d = track ? routePath(track, THUMBNAIL) : '';
      // The report's "blur route ends" option swaps this in: the path without its first and last 500 m.
      const dBlurred = track ? routePath(trimEnds(track, REPORT_BLUR_M), THUMBNAIL) : '';
      const distances = course.runIds.flatMap((id) => {
        const m = this.byId.get(id)?.distanceM;
        return m != null && m > 0 ? [m] : [];
      });
      return {
        course, place: routes[course.route] as Route, typicalDistanceM: median(distances), name: mostCommonName(course.runIds, nameOf), d: d || null, dBlurred: dBlurred || null,
      };
    }).sort((a, b) => b.course.runIds.length - a.course.runIds.length || a.course.course - b.course.course);
  }

  private placeViews(): PlaceView[] {
    const byPlace = new Map<number, CourseView[]>();
    for (const v of this.views) {
      const list = byPlace.get(v.place.route);
      if (list) list.push(v);
      else byPlace.set(v.place.route, [v]);
    }
    return (this.routes?.routes ?? []).map((place) => ({ place, courses: byPlace.get(place.route) ?? [] }))
      .sort((a, b) => b.place.runIds.length - a.place.runIds.length || a.place.route - b.place.route);
  }

  /**
   * The chosen course (the `course` param), else the most-run course of the chosen place (the
   * `route` param, which notebooks saved before courses hold), else the most-run course.
   */
  private selected(): CourseView | undefined {
    const n = this.param('course', -1);
    const place = this.param('route', -1);
    return this.views.find((v) => v.course.course === n) ?? this.views.find((v) => v.place.route === place) ?? this.views[0];
  }

  /** A course's name for reading: its runs' most common name, else "5.0 km from place 3". */
  private courseName(v: CourseView) {
    const fallback = `${formatRouteDistance(v.typicalDistanceM, this.units) || 'Runs'} from place ${v.place.route}`;
    return v.name ? html`<span class="name" data-private="name" data-private-alt=${fallback}>${v.name}</span>` : html`<span class="name">${fallback}</span>`;
  }

  /** The course last drawn, in which unit: a course with thousands of runs costs Plot ~100 ms, so redraw only when either changes. */
  private drawn: { course: Course; target: HTMLElement; units: Units } | null = null;

  protected override updated(): void {
    this.drawNextFrame(() => {
      const target = this.renderRoot.querySelector<HTMLElement>('.chart');
      const view = this.selected();
      const units = this.units;
      if (!target || !view || (this.drawn?.course === view.course && this.drawn.target === target && this.drawn.units === units)) return;
      mountCharts(target, this.chart(view.course));
      this.drawn = { course: view.course, target, units };
    });
  }

  private chart(course: Course): SVGSVGElement | HTMLElement {
    const units = this.units;
    const [pace, gap] = PACE_COLOR.domain as [string, string];
    const dots = course.points.flatMap((p) => {
      const date = utcDay(p.localDate);
      const run = this.byId.get(p.id)?.name ?? '';
      return [
        ...(Number.isFinite(p.paceMinPerKm) ? [{ date, value: p.paceMinPerKm, series: pace, run }] : []),
        ...(Number.isFinite(p.gapMinPerKm) ? [{ date, value: p.gapMinPerKm, series: gap, run }] : []),
      ];
    });
    const lines = ([[course.paceTrend, pace], [course.gapTrend, gap]] as const).flatMap(([t, series]) =>
      (t ? t.line.map((q) => ({ date: utcDay(q.localDate), value: q.value, series })) : []));
    return Plot.plot({
      width: Math.max(320, this.clientWidth - 32),
      height: 260,
      marginLeft: 56,
      x: { type: 'utc', label: 'Date' },
      // Faster is up: a smaller pace is the better run.
      y: { reverse: true, label: `↑ Faster · pace (min/${units})`, grid: true, tickFormat: (v: number) => formatPaceValue(v, units) },
      color: PACE_COLOR,
      marks: [
        Plot.line(lines, { x: 'date', y: 'value', stroke: 'series', strokeWidth: 2, strokeDasharray: '6,3' }),
        Plot.dot(dots, {
          x: 'date', y: 'value', stroke: 'series', fill: 'series', r: 3, channels: { run: { value: 'run', label: 'Run' } },
          tip: { format: { x: (d: Date) => d.toISOString().slice(0, 10), y: (v: number) => formatPaceValue(v, units), fill: false } },
        }),
      ],
    });
  }

  private downloadCsv(): void {
    if (!this.routes) return;
    const rows = routesCsvRows(this.routes.routes, (id) => this.byId.get(id)?.distanceM ?? null);
    downloadText(`fitbook-routes-${this.today}.csv`, toCsv(ROUTES_CSV_COLUMNS, rows));
  }

  private open(id: number): void {
    this.dispatchEvent(new CustomEvent<number>('open-activity', { detail: id, bubbles: true, composed: true }));
  }

  private choose(course: number): void {
    this.allRuns = false;
    this.setParam('course', course);
  }

  private thumbnail(v: CourseView, chosen: boolean) {
    const runs = v.course.runIds.length;
    return html`<button class="thumb" data-route=${v.place.route} data-course=${v.course.course} aria-pressed=${chosen ? 'true' : 'false'} @click=${() => this.choose(v.course.course)}>
      <svg data-gps viewBox="0 0 ${THUMBNAIL.width} ${THUMBNAIL.height}" width=${THUMBNAIL.width} height=${THUMBNAIL.height} aria-hidden="true">${v.d
        ? svg`<path d=${v.d} data-d-blurred=${v.dBlurred ?? ''}></path>`
        : this.tracks ? svg`<text x=${THUMBNAIL.width / 2} y=${THUMBNAIL.height / 2} text-anchor="middle" dominant-baseline="middle">No track to draw</text>` : nothing}</svg>
      <span class="caption"><strong>Course ${v.course.course}</strong> ${this.courseName(v)}</span>
      <span class="note">${runs} ${runs === 1 ? 'run' : 'runs'}${v.typicalDistanceM === null ? '' : ` · ${formatRouteDistance(v.typicalDistanceM, this.units)}`} · place ${v.place.route}</span>
    </button>`;
  }

  private details(v: CourseView) {
    const r = v.course;
    // Newest first; a course run a thousand times lists its latest RUNS_SHOWN until asked for all.
    const newest = [...r.points].reverse();
    const runs = this.allRuns ? newest : newest.slice(0, RUNS_SHOWN);
    const trendFigure = (metric: string, label: string, t: Trend | null) => html`
      <div class="figure"><dt>${label}</dt><dd data-metric=${metric} data-value=${t ? t.slopePerYear : ''}>${formatTrend(t, this.units)}</dd></div>`;
    const plotted = r.points.some((p) => Number.isFinite(p.paceMinPerKm) || Number.isFinite(p.gapMinPerKm));
    const others = v.place.courses.length - 1;
    return html`
      <h3 data-testid="route-title">Course ${r.course}: ${this.courseName(v)}</h3>
      <p class="note" data-testid="route-place" data-value=${v.place.route}>Starts from place ${v.place.route}${others > 0 ? `, where ${others} other ${others === 1 ? 'course starts' : 'courses start'}` : ''}.</p>
      <dl class="figures">
        <div class="figure"><dt>Runs</dt><dd data-metric="route-runs" data-value=${r.runIds.length}>${r.runIds.length}</dd></div>
        <div class="figure"><dt>Typical distance</dt><dd data-metric="route-distance" data-value=${v.typicalDistanceM ?? ''}>${formatRouteDistance(v.typicalDistanceM, this.units) || '–'}</dd></div>
        ${trendFigure('route-pace-trend', 'Pace trend', r.paceTrend)}
        ${trendFigure('route-gap-trend', 'GAP trend', r.gapTrend)}
      </dl>
      ${!r.paceTrend ? html`<p class="note">A trend needs at least 3 runs with a pace, on more than one day.</p>`
        : !r.gapTrend ? html`<p class="note">A GAP trend needs at least 3 runs with a recorded stream (grade comes from its altitude).</p>`
        : nothing}
      ${plotted
        ? html`<div class="chart" role="img" aria-label=${`Pace and grade-adjusted pace of the runs on course ${r.course} over time, in minutes per ${this.units === 'mi' ? 'mile' : 'kilometre'} (faster up), with dashed trend lines`}></div>`
        : html`<p class="note">No run on this course has a pace to chart.</p>`}
      ${explain('route-pace', 'this course\'s trend', `${inputsUsed(r.points.length, 'runs on this course', r.points.map((p) => p.localDate))}; ${r.points.filter((p) => Number.isFinite(p.gapMinPerKm)).length} with a grade-adjusted pace.`)}
      <div class="table-wrap"><table data-testid="route-runs">
        <thead><tr><th scope="col">Date</th><th scope="col">Name</th><th scope="col">Distance</th><th scope="col">Pace (min/${this.units})</th><th scope="col">GAP (min/${this.units})</th></tr></thead>
        <tbody>${runs.map((p) => {
          const a = this.byId.get(p.id);
          return html`<tr data-activity=${p.id}>
            <td>${p.localDate}</td>
            <td class="name"><button class="open" data-action="open-activity" @click=${() => this.open(p.id)}><span data-private="name" data-private-alt=${sportName(a?.sport ?? '')}>${a?.name || sportName(a?.sport ?? '')}</span></button></td>
            <td>${formatRouteDistance(a?.distanceM ?? null, this.units)}</td><td>${formatPaceValue(p.paceMinPerKm, this.units)}</td><td>${formatPaceValue(p.gapMinPerKm, this.units)}</td></tr>`;
        })}</tbody>
      </table></div>
      ${runs.length < newest.length ? html`<button data-action="route-show-all-runs" @click=${() => { this.allRuns = true; }}>Show all ${newest.length} runs</button>` : nothing}`;
  }

  /** The start clusters, smaller: how many runs and courses start from each, and the range of their distances. */
  private placesList(chosen: CourseView) {
    const shown = this.allPlaces ? this.places : this.places.slice(0, PLACES_SHOWN);
    return html`
      <h3 id="route-places-title">Places you start from</h3>
      <p class="note">Runs that start within ${ROUTES.radiusKm * 1000} m of a place's first start. Its number is the <code>route</code> column of the CSVs.</p>
      <div class="table-wrap"><table data-testid="route-places" aria-labelledby="route-places-title">
        <thead><tr><th scope="col">Place</th><th scope="col">Runs</th><th scope="col">Courses</th><th scope="col">Distances</th><th scope="col">Most run</th></tr></thead>
        <tbody>${shown.map(({ place, courses }) => {
          const distances = courses.flatMap((c) => (c.typicalDistanceM === null ? [] : [c.typicalDistanceM]));
          const lo = distances.length ? Math.min(...distances) : null;
          const hi = distances.length ? Math.max(...distances) : null;
          const top = courses[0];
          return html`<tr data-route=${place.route} aria-current=${chosen.place === place ? 'true' : 'false'}>
            <td>${place.route}</td><td>${place.runIds.length}</td><td>${courses.length}</td>
            <td>${lo === null ? '–' : lo === hi ? formatRouteDistance(lo, this.units) : `${(lo / unitMetres(this.units)).toFixed(1)}–${formatRouteDistance(hi, this.units)}`}</td>
            <td class="name">${top ? html`<button class="open" data-action="route-place" @click=${() => this.choose(top.course.course)}>Course ${top.course.course}: ${this.courseName(top)}</button>` : '–'}</td>
          </tr>`;
        })}</tbody>
      </table></div>
      ${shown.length < this.places.length ? html`<button data-action="route-show-all-places" @click=${() => { this.allPlaces = true; }}>Show all ${this.places.length} places</button>` : nothing}`;
  }

  override render() {
    const views = this.views;
    const chosen = this.selected();
    const withoutStart = this.routes?.withoutStart.length ?? 0;
    const chosenAt = chosen ? views.indexOf(chosen) : -1;
    const shown = this.showAll ? views : views.slice(0, Math.max(THUMBNAILS_SHOWN, chosenAt + 1));
    const places = this.places.length;
    const tolerancePct = Math.round(COURSES.distanceTolerance * 100);
    return html`
      <section aria-labelledby="routes-title">
        <header>
          <h2 id="routes-title">Routes</h2>
          <div class="actions">
            <button data-action="download-csv" ?disabled=${views.length === 0} @click=${() => this.downloadCsv()}>Download data (CSV)</button>
            ${this.collapseButton()}
          </div>
        </header>
        ${this.collapsed ? nothing : views.length === 0 || !chosen
          ? html`<p class="empty">Routes need runs with GPS.</p>`
          : html`
            <p class="note">${views.length} ${views.length === 1 ? 'course' : 'courses'} from ${places} ${places === 1 ? 'place' : 'places'}: runs share a course when they start within ${ROUTES.radiusKm * 1000} m of its first run's start and their distance is within ${tolerancePct} % of that run's${this.routes?.pathsCompared
              ? ` and at least ${Math.round(COURSES.minOverlap * 100)} % of each GPS path lies within ${COURSES.nearM} m of the other`
              : ' (GPS paths are not compared here, so two courses of one length from one place are one)'}. Most run first.${withoutStart > 0
              ? html` <span data-testid="routes-without-start" data-value=${withoutStart}>${withoutStart} ${withoutStart === 1 ? 'run has' : 'runs have'} no GPS start and ${withoutStart === 1 ? 'is' : 'are'} in no route.</span>`
              : nothing}</p>
            <div class="thumbs" role="group" aria-label="Courses, most run first">${shown.map((v) => this.thumbnail(v, v === chosen))}</div>
            ${shown.length < views.length ? html`<button data-action="routes-show-all" @click=${() => { this.showAll = true; }}>Show all ${views.length} courses</button>` : nothing}
            ${explain('routes', 'a course', `${inputsUsed(views.reduce((n, v) => n + v.course.runIds.length, 0), 'runs with a GPS start', [])} in ${views.length} courses from ${places} places${this.routes?.pathsCompared ? ', their thinned GPS paths compared' : ''}.`)}
            ${this.details(chosen)}
            ${this.placesList(chosen)}`}
      </section>
    `;
  }

  static override styles = [cellStyles, explainStyles, css`
    h3 { font-size: 1rem; margin: 1rem 0 0.25rem; }
    dd .note { display: block; }
    .thumbs { display: grid; grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr)); gap: 0.5rem; margin: 0.5rem 0; }
    .thumb { display: flex; flex-direction: column; align-items: center; gap: 0.15rem; padding: 0.4rem; cursor: pointer; text-align: center; }
    .thumb[aria-pressed='true'] { border-color: var(--accent); box-shadow: inset 0 0 0 1px var(--accent); }
    .thumb svg { max-width: 100%; height: auto; }
    .thumb path { fill: none; stroke: var(--accent); stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; }
    .thumb text { fill: var(--muted); font-size: 11px; }
    .caption { font-size: 0.85rem; max-width: 100%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .thumb .note { font-size: 0.8rem; }
    .table-wrap { overflow-x: auto; max-height: 24rem; margin-top: 0.5rem; }
    table { border-collapse: collapse; font-size: 0.9rem; width: 100%; font-variant-numeric: tabular-nums; }
    th, td { padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--border); text-align: left; white-space: nowrap; }
    .name { max-width: 18rem; overflow: hidden; text-overflow: ellipsis; }
    tr[aria-current='true'] td:first-child { font-weight: 600; }
    .open { border: none; background: none; padding: 0; color: var(--accent); text-decoration: underline; cursor: pointer; max-width: 18rem; overflow: hidden; text-overflow: ellipsis; }
  `];
}

customElements.define(RoutesCell.spec.tag, RoutesCell);
