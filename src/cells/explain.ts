import { css, html, nothing, type TemplateResult } from 'lit';

/**
 * "How is this computed?" — every figure and chart shows its working (issue #15: the notebook's
 * promise): what it means, the formula with its source in docs/metrics.md, the inputs it used
 * (said by the cell, from the data it drew) and its bands. A native <details>: reachable and
 * opened by keyboard, read by screen readers, works in the script-free report.
 */
export interface Explanation {
  /** What the number tells a runner, in plain words. */
  means: string;
  formula: string;
  /** Where the formula comes from: a section of docs/metrics.md and its origin. */
  source: string;
  bands?: string;
}

const PMC = 'docs/metrics.md "Load" (openrun §3, Banister\'s impulse–response model; TrainingPeaks\' CTL/ATL/TSB)';

export const EXPLANATIONS = {
  ctl: {
    means: 'Fitness: your training load averaged over about six weeks. It rises slowly when you train consistently and falls slowly when you rest.',
    formula: 'CTL today = CTL yesterday · e^(−1/42) + load today · (1 − e^(−1/42)), from CTL = 0 on your first day of data; the time constant (42 days) is in the settings.',
    source: PMC,
  },
  atl: {
    means: 'Fatigue: your training load averaged over about a week. It reacts quickly to hard days and to rest.',
    formula: 'ATL today = ATL yesterday · e^(−1/7) + load today · (1 − e^(−1/7)); the time constant (7 days) is in the settings.',
    source: PMC,
  },
  tsb: {
    means: 'Form: fitness minus fatigue. Negative while you are absorbing training, positive when you are rested.',
    formula: 'TSB today = CTL yesterday − ATL yesterday (TrainingPeaks\' convention: this morning\'s form, before today\'s training).',
    source: PMC,
    bands: 'below −30 severely fatigued · −30 to −10 productive overload · −10 to 0 balanced · 0 to +10 sharpening · +10 to +25 fresh, race-ready · above +25 detrained. The chart shades them.',
  },
  acwr: {
    means: 'Acute:chronic workload ratio: this week\'s load against your usual weekly load over four weeks. A sudden jump raises injury risk.',
    formula: 'ACWR = (sum of the last 7 days\' load, today included) ÷ (sum of the last 28 days\' load ÷ 4). Empty for your first 27 days of data and while the 28-day sum is 0.',
    source: 'docs/metrics.md "Load" (Gabbett 2016, rolling-average form)',
    bands: '0.8–1.3 the sweet spot · above 1.5 aggressive · below 0.8 less than usual.',
  },
  ramp: {
    means: 'Ramp rate: how much your fitness (CTL) rose or fell over the last seven days.',
    formula: 'Ramp = CTL today − CTL seven days ago.',
    source: 'docs/metrics.md "Load"',
    bands: 'a ramp above about +5 to +8 per week is steep for most runners; negative while recovering or tapering.',
  },
  'fitness-chart': {
    means: 'Fitness (CTL), fatigue (ATL) and form (TSB) day by day, with the form bands shaded; below, the distance you ran each ISO week on the same time axis.',
    formula: 'Daily load = sum of the loads of that local day\'s activities (Garmin\'s load, else Banister TRIMP from the heart-rate stream, else estimated from the average heart rate); CTL, ATL and TSB as in their figures.',
    source: PMC,
    bands: 'TSB bands as in the Form figure.',
  },
  'load-source': {
    means: 'Where each activity\'s training load comes from. Older history often has no Garmin load and no stream, so fitbook estimates it from the summary.',
    formula: 'Garmin\'s training load where present; else Banister TRIMP per second of the stream: x = (HR − rest)/(max − rest), add x · 0.64 · e^(1.92x)/60; else the same from the average HR over the moving time (estimated: a few percent low for a variable effort).',
    source: 'docs/metrics.md "Load" (Banister 1991 TRIMP, men\'s coefficients)',
  },
  forecast: {
    means: 'Your fitness, fatigue and form projected through your races, from your history and the chosen plan\'s weekly distances.',
    formula: 'Planned distance × your load per unit distance (median of your runs\' load ÷ distance) becomes daily load, spread over the week (Sat 40 %, Tue and Thu 20 %, Mon and Wed 10 %), then the same CTL/ATL/TSB recursions as the Fitness cell.',
    source: 'docs/metrics.md "Forecast" (openrun banister_forecast, plan_to_daily_load, calibrate_tl_per_km)',
    bands: 'race-day TSB: +10 to +25 is fresh and race-ready; 0 to +10 sharpening.',
  },
  'race-prediction': {
    means: 'The finish time your best recent effort points to, at each race\'s distance. It assumes you race the distance trained for it, on a flat course.',
    formula: 'Riegel: T₂ = T₁ · (D₂ / D₁)^1.06. VDOT (Daniels–Gilbert): the VO₂max your effort implies, then the time at the race distance that needs the same VDOT. Both from the same effort: the one with the highest VDOT among runs and best efforts of at least 1,500 metres (Daniels\' shortest race) in the last 90 days.',
    source: 'docs/metrics.md "Records and prediction" (Riegel 1981; Daniels & Gilbert 1979)',
    bands: 'predictions beyond about four times the source distance are rough: a 5K effort says little about a marathon.',
  },
  compliance: {
    means: 'How well the week you ran matches the week you planned.',
    formula: 'Score = weighted share of each planned target met (distance 30 %, vertical 20 %, long run 20 %, gym 15 %, series 15 %), the weights renormalised over the components this week plans; a week with nothing planned has no score.',
    source: 'docs/metrics.md "Plan compliance" (the trail-running-coach tracker)',
    bands: 'the ring is green from 80 %, orange from 50 %, red below.',
  },
  'plan-vs-actual': {
    means: 'Planned against actual run distance for every week of the plan.',
    formula: 'Actual = sum of the run distances of the week\'s local days (Monday to Sunday); planned = the plan row\'s distance.',
    source: 'docs/metrics.md "Plan compliance"',
  },
  decoupling: {
    means: 'Aerobic decoupling: how much your efficiency (distance per heartbeat) fell from the first half of a steady run to the second. Low decoupling on a long run means a solid aerobic base.',
    formula: 'Per second: drop the first 5 minutes and last 2 minutes and the paused samples, split the rest in two halves by time, efficiency = distance ÷ heartbeats per half; decoupling = (first − second) ÷ first × 100. Per lap when there is no stream (≥ 6 laps).',
    source: 'docs/metrics.md "Per run" (openrun fit_decoupling; Friel\'s Pa:HR decoupling)',
    bands: 'below 5 % aerobically developed · 5–10 % sustainable · above 10 % unsustainable (Friel).',
  },
  'decoupling-trend': {
    means: 'Decoupling of your long steady runs over time: a falling trend means your aerobic endurance improves.',
    formula: 'Each point is one run of at least an hour (moving time) that is not an interval session (no series detected), decoupling as for a single run.',
    source: 'docs/metrics.md "Per run"',
    bands: 'lines at 5 % and 10 % (Friel).',
  },
  'time-in-zone': {
    means: 'Hours spent in each heart-rate zone over the chosen range.',
    formula: 'From the 1 Hz stream: each sample\'s heart rate holds until the next sample, at most 30 s across a gap (a paused recording); runs without a stream use their laps\' average heart rate. Zones are inclusive whole bpm.',
    source: 'docs/metrics.md "Per run" (time in zone)',
  },
  polarized: {
    means: 'How your training splits between easy, moderate and hard over the last 12 weeks. Most endurance coaches recommend mostly easy running.',
    formula: 'easy = Z1 + Z2, moderate = Z3, hard = Z4 + Z5, as shares of the time in zones over the last 84 local days.',
    source: 'docs/metrics.md "Per run" (polarized split; Seiler\'s ~80/20)',
    bands: 'target about 80 % easy, under 10 % moderate, about 20 % hard; the Verdict says which is off.',
  },
  efficiency: {
    means: 'Metres per heartbeat: how far you run on each beat of your heart. It rises as your aerobic fitness improves (compare like with like: similar runs and weather).',
    formula: 'm per beat = distance ÷ (timer time × average HR ÷ 60); the line is the rolling median of the last runs.',
    source: 'docs/metrics.md "Per run" (openrun efficiency)',
  },
  routes: {
    means: 'Courses you run again and again, so a pace trend compares the same course with itself and terrain does not masquerade as fitness.',
    formula: 'Runs share a course when they start within 250 metres of the course\'s first run, their distance is within 10 % of its distance, and at least 80 % of each thinned GPS path lies within 60 metres of the other path, both ways (so a loop run either way is one course, and a 5K inside a 10K loop is not). Start points alone are the "places you start from".',
    source: 'docs/metrics.md "Routes" (openrun cluster_routes, extended to courses: docs/routes.md)',
  },
  'route-pace': {
    means: 'Your pace on one course over time, and the grade-adjusted pace where the run has altitude.',
    formula: 'Pace = moving time ÷ distance; grade-adjusted pace from Minetti\'s energy cost of running on slopes.',
    source: 'docs/metrics.md "Per run" (Minetti et al. 2002)',
  },
  sleep: {
    means: 'How long you slept, night by night, as your watch recorded it.',
    formula: 'Sleep duration from the export\'s sleep records (deep + light + REM), by the local date you woke up.',
    source: 'docs/garmin-export-format.md (sleepData)',
    bands: 'a short night is under 6 h.',
  },
  hrv: {
    means: 'Heart-rate variability during the night, averaged over 7 days. A drop below your usual range can mean fatigue, illness or stress.',
    formula: '7-day rolling mean of the nightly HRV (ms); your usual range is the mean ± 1 standard deviation of the 28 days before the last 7.',
    source: 'docs/metrics.md "Drift and replanning" (Stride recovery signals)',
  },
  'resting-hr': {
    means: 'Your resting heart rate, day by day and as a 7-day average. A rise of several beats above usual often comes with fatigue or illness.',
    formula: 'Daily resting heart rate from the export\'s daily summaries; the second line is its 7-day rolling mean.',
    source: 'docs/metrics.md "Drift and replanning" (Stride recovery signals)',
  },
  'load-response': {
    means: 'Whether your body answers heavier days the next morning: the correlation between a day\'s load and the next morning\'s HRV (or resting HR without HRV).',
    formula: 'Pearson r over the days with both a load and a next-night HRV.',
    source: 'docs/metrics.md "Drift and replanning"',
    bands: 'r near 0: no visible link · below −0.3: your HRV answers load, a useful fatigue signal.',
  },
  'daily-wellness': {
    means: 'How much you moved outside training, how stressed your body was through the day, and how much energy Garmin estimates you had left (Body Battery). A run of high-stress days with a low Body Battery often comes before a slump.',
    formula: 'As your watch wrote them in the daily summaries: total steps, all-day average stress (0–100, from heart-rate variability at rest) and the day\'s highest and lowest Body Battery (0–100). Garmin\'s own measures, not recomputed.',
    source: 'docs/garmin-export-format.md (UDSFile daily summaries)',
    bands: 'stress: 0–25 rest, 26–50 low, 51–75 medium, 76–100 high (Garmin).',
  },
  records: {
    means: 'Your fastest whole runs at race distances and your fastest stretches inside runs.',
    formula: 'PRs: per race distance (5K, 10K, half marathon, marathon, 50K) the fastest run within ±5 % of it, on moving time. Best efforts: the fastest stretch of each target distance inside a run\'s 1 Hz distance stream.',
    source: 'docs/metrics.md "Records and prediction"',
  },
  'records-prediction': {
    means: 'Race times predicted from your best recent effort.',
    formula: 'Riegel: T₂ = T₁ · (D₂ / D₁)^1.06; VDOT (Daniels–Gilbert) from the effort, solved for each distance. The source effort is the one with the highest VDOT in the chosen window.',
    source: 'docs/metrics.md "Records and prediction" (Riegel 1981; Daniels & Gilbert 1979)',
  },
  vo2max: {
    means: 'Garmin\'s estimate of your maximal oxygen uptake from runs with heart rate and GPS: it rises with aerobic fitness, by a point or two a season.',
    formula: 'As Garmin wrote it in the export (MetricsMaxMetData, running), not recomputed: Firstbeat\'s estimate from the pace–heart-rate relation of your runs. Garmin\'s race predictions (RunRacePredictions) are shown next to fitbook\'s in the table above.',
    source: 'docs/garmin-export-format.md (DI-Connect-Metrics)',
  },
  gear: {
    means: 'How far each pair of shoes (and each bike) has gone: road shoes are usually retired after several hundred kilometres or miles.',
    formula: 'Sum of the distance of the activities Garmin links to the gear (gear file, gearActivityDTOs) or Strava names as their gear, deleted activities left out; the Gear column gives the running total up to that activity.',
    source: 'docs/garmin-export-format.md (<email>_gear.json)',
    bands: 'flagged past the retirement distance set in Garmin Connect, else past the top of the usual range (below).',
  },
  'plan-builder': {
    means: 'A plan from your goal race: weeks of base, specific work and taper, and each session on its day.',
    formula: 'Volume from your recent weeks, up at most 10 % a week, every fourth week a recovery week at 72 %; the long run at most 30 % of its week; 1–2 quality sessions a week, never two hard days in a row; nothing on the days you block.',
    source: 'docs/metrics.md "Plan builder" (the trail-running-coach write-up; Stride\'s templates and expander)',
  },
  deck: {
    means: 'The week\'s sessions of your plan, each with its target, and whether you did it; below, sixteen quality sessions for the time you have today.',
    formula: 'A session is done by an activity of its sport (run or gym) on its day, else one day off (same-day first), one activity per session, or by the one you pick. Targets: the zone by session type from your zones; paces from your VDOT (Daniels): easy at 62–70 % of VO₂max, threshold 88 %, interval 97.5 %, race pace the VDOT\'s predicted time over the race distance.',
    source: 'docs/metrics.md "Session deck" (Daniels\' Running Formula; Stride\'s deck)',
  },
  replan: {
    means: 'Where your training drifted from the plan over the last two weeks, and the changes to the coming sessions that answer it. Nothing changes until you accept.',
    formula: 'Skipped sessions, distance drift (> 15 %), easy pace drift at equal heart rate (more than 10 seconds per kilometre, 16 per mile, against the 4 weeks before) and recovery slump (HRV, resting HR, short nights) become: move a skipped key session, hold or reduce next week, remove a rep block, make a hard session easy, or a recovery week. A proposal that would break a plan rule is never shown.',
    source: 'docs/metrics.md "Drift and replanning (Stride)" and "Replanning"',
  },
  predictions: {
    means: 'How your predicted race times moved, week by week: each point is what your best effort of the 90 days before it predicts.',
    formula: 'Each week, among runs near a race distance (±5 %) and best efforts inside runs (at least 1500 m, where Daniels\' tables start) of the 90 days before: the one with the highest VDOT. Riegel: T₂ = T₁ · (D₂/D₁)^1.06. VDOT: the time over the distance with the same VDOT (Daniels–Gilbert). Drawn as pace, faster up; a week whose 90 days hold no effort has no point.',
    source: 'docs/metrics.md "Records and prediction" (Riegel 1981; Daniels & Gilbert 1979) and "Predictions over time"',
  },
  consistency: {
    means: 'How regularly you trained over the last year: each square a day, darker for more load (or distance); grey for rest.',
    formula: 'Each day\'s summed load (as in the Fitness cell) or distance of its activities and off-watch sessions; a streak is consecutive days with any; the current streak still counts when today has no session yet.',
    source: 'docs/metrics.md "Conventions" (local day); Stride\'s year-long consistency map',
  },
  'activities-per-month': {
    means: 'How many activities of each sport you recorded each month.',
    formula: 'Count of activities by the local month of their start.',
    source: 'docs/metrics.md "Conventions" (local day)',
  },
  calendar: {
    means: 'Every activity of the month on its day, with each ISO week\'s totals and the plan beside it.',
    formula: 'Week totals = sums over the week\'s local days (Monday to Sunday): distance of all activities, run distance, time, ascent and load; "a year ago" compares the same dates one year earlier.',
    source: 'docs/metrics.md "Conventions"',
  },
  'activity-figures': {
    means: 'This activity\'s summary, load and decoupling.',
    formula: 'Pace = moving time ÷ distance; load as in the Fitness cell; decoupling as in the Decoupling cell; time in zone from the 1 Hz stream.',
    source: 'docs/metrics.md "Per run" and "Load"',
  },
} as const satisfies Record<string, Explanation>;

export type ExplainId = keyof typeof EXPLANATIONS;

/**
 * The disclosure for one figure or chart. `inputs` is what this number was computed from, in
 * words (inputsUsed helps); `label` names it for a screen reader ("How is Fitness (CTL) computed?").
 */
export function explain(id: ExplainId, label: string, inputs: string | null): TemplateResult {
  const e: Explanation = EXPLANATIONS[id];
  return html`<details class="explain" data-explain=${id}>
    <summary><span class="i" aria-hidden="true">i</span> How ${/^these /.test(label) ? 'are' : 'is'} ${label} computed?</summary>
    <dl>
      <dt>What it means</dt><dd>${e.means}</dd>
      <dt>Formula</dt><dd>${e.formula} <cite>${e.source}</cite></dd>
      ${inputs ? html`<dt>Inputs used</dt><dd>${inputs}</dd>` : nothing}
      ${e.bands ? html`<dt>Bands</dt><dd>${e.bands}</dd>` : nothing}
    </dl>
  </details>`;
}

/** explain() for a figure inside a <dl>: a <dd> of its own (a <dl>'s groups hold only <dt> and <dd>). */
export function explainFigure(id: ExplainId, label: string, inputs: string | null): TemplateResult {
  return html`<dd class="how">${explain(id, label, inputs)}</dd>`;
}

/** "42 activities from 2025-12-01 to 2026-11-30" — the inputs line, from what the cell used. */
export function inputsUsed(count: number, what: string, dates: readonly string[]): string {
  let from = '';
  let to = '';
  for (const d of dates) {
    if (!from || d < from) from = d;
    if (!to || d > to) to = d;
  }
  const n = `${count.toLocaleString('en')} ${what}`;
  return from ? (from === to ? `${n} on ${from}` : `${n} from ${from} to ${to}`) : `${n}`;
}

export const explainStyles = css`
  .explain { font-size: 0.85rem; color: var(--muted); margin: 0.25rem 0; }
  .explain summary { cursor: pointer; width: fit-content; max-width: 100%; border-radius: 4px; }
  /* A circled "i" drawn in CSS: the ⓘ glyph is missing from many phones' and Linux's fonts. */
  .explain .i { display: inline-block; width: 1.1em; height: 1.1em; line-height: 1.1em; border: 1px solid currentColor; border-radius: 50%; text-align: center; font-size: 0.8em; font-style: italic; font-weight: 600; font-family: Georgia, serif; }
  .explain summary:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
  .explain[open] { background: var(--background); border: 1px solid var(--border); border-radius: 8px; padding: 0.4rem 0.6rem; }
  .explain dl { margin: 0.4rem 0 0; }
  .explain dt { font-size: 0.8rem; font-weight: 600; color: var(--text); margin-top: 0.3rem; }
  .explain dd { font-size: 0.85rem; margin: 0; font-variant-numeric: normal; color: var(--muted); }
  .explain cite { font-style: normal; display: block; font-size: 0.8rem; }
  /* A figure's disclosure opens across the whole row: eight rems are too narrow to read a formula. */
  .figure:has(.explain[open]) { grid-column: 1 / -1; }
  .how { font-size: 0.85rem; margin: 0.2rem 0 0; }
  .how .explain summary { font-size: 0.75rem; }
`;
