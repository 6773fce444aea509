/**
 * What a file is, from its name (anywhere in the tree) and its first bytes.
 * Patterns from garmin-export-format.md §2; split owner prefixes on the LAST underscore.
 */

export type EntryKind =
  | 'summarized-activities'
  | 'sleep'
  | 'uds'
  | 'health-status'
  | 'hr-zones'
  | 'strava-activities'
  | 'vo2max'
  | 'race-predictions'
  | 'gear'
  | 'fit'
  | 'zip'
  | 'json-other'
  | 'other';

const PATTERNS: [RegExp, EntryKind][] = [
  [/^.+_\d+_summarizedActivities\.json$/i, 'summarized-activities'],
  [/^\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}_\d+_sleepData\.json$/i, 'sleep'],
  [/^UDSFile_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.json$/i, 'uds'],
  [/^\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}_\d+_healthStatusData\.json$/i, 'health-status'],
  [/^\d+_heartRateZones\.json$/i, 'hr-zones'],
  // VO2max history, Garmin's race predictions, gear (garminMetrics.ts).
  [/^MetricsMaxMetData_\d{8}_\d{8}_\d+\.json$/i, 'vo2max'],
  [/^RunRacePredictions_\d{8}_\d{8}_\d+\.json$/i, 'race-predictions'],
  [/^.+_gear\.json$/i, 'gear'],
  // Strava's bulk export: names, types and files of every activity (stravaCsv.ts).
  [/^activities\.csv$/i, 'strava-activities'],
  // A recording: FIT, GPX or TCX, gzipped or not (recording.ts tells them apart by content).
  [/\.(fit|gpx|tcx)(\.gz)?$/i, 'fit'],
  [/\.zip$/i, 'zip'],
  [/\.json$/i, 'json-other'],
];

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function kindFromName(path: string): EntryKind {
  const name = basename(path);
  for (const [re, kind] of PATTERNS) if (re.test(name)) return kind;
  return 'other';
}

export type ContentKind = 'zip' | 'fit' | 'json' | 'xml' | 'gzip' | 'empty' | 'unknown';

/** Sniffs content, not extensions: Connect hands back originals in whatever format they were. */
export function sniff(head: Uint8Array): ContentKind {
  if (head.length === 0) return 'empty';
  // Local file header PK\3\4, or PK\5\6 (end of central directory: an empty zip).
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6)) return 'zip';
  // FIT: header size 12 or 14, then ".FIT" at byte 8.
  if ((head[0] === 12 || head[0] === 14) && head[8] === 0x2e && head[9] === 0x46 && head[10] === 0x49 && head[11] === 0x54) return 'fit';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  for (const byte of head) {
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0xef || byte === 0xbb || byte === 0xbf) continue;
    return byte === 0x5b || byte === 0x7b ? 'json' : byte === 0x3c ? 'xml' : 'unknown';
  }
  return 'unknown';
}

/**
 * A Connect file name's parts: `<activityId>[_<name>].fit`; the name is the activity's title
 * (Connect's data export writes it there), except the literal `ACTIVITY` of "Export Original".
 * Account-export members `<email or username>_<uploadId>.fit` do not start with digits.
 */
export function connectFileName(path: string): { activityId: number; name: string | null } | null {
  const m = /^(\d{6,13})(?:_(.*))?\.fit$/i.exec(basename(path));
  if (!m) return null;
  const title = m[2] && m[2] !== 'ACTIVITY' ? m[2].replace(/_/g, ' ').trim() : '';
  return { activityId: Number(m[1]), name: title || null };
}

/**
 * A member's name as a person knows it, for the progress line: "activity summaries",
 * "sleep, 2024-01-01 to 2024-04-10", "uploaded files, part 2: user_123.fit", never the
 * `d041134d-…/DI_CONNECT/DI-Connect-Uploaded-Files/…` path the export stores it under.
 */
export function readableName(path: string): string {
  const parts = path.split('/');
  const name = parts[parts.length - 1] ?? path;
  const partOf = [...parts].reverse().map((p) => /^UploadedFiles_\d+-_Part(\d+)\.zip$/i.exec(p)?.[1]).find((n) => n !== undefined);
  const where = partOf !== undefined && !/\.zip$/i.test(name) ? `uploaded files, part ${partOf}: ` : '';
  const range = /^(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})/.exec(name.replace(/^UDSFile_/i, ''));
  // Metrics files name their span compactly: MetricsMaxMetData_20260406_20260715_<user>.json.
  const compact = /_(\d{4})(\d{2})(\d{2})_(\d{4})(\d{2})(\d{2})_\d+\.json$/i.exec(name);
  const dates = range ? `, ${range[1]} to ${range[2]}` : compact ? `, ${compact.slice(1, 4).join('-')} to ${compact.slice(4, 7).join('-')}` : '';
  switch (kindFromName(path)) {
    case 'summarized-activities': return 'activity summaries';
    case 'sleep': return `sleep${dates}`;
    case 'uds': return `daily summaries${dates}`;
    case 'health-status': return `heart-rate variability${dates}`;
    case 'hr-zones': return 'heart-rate zones';
    case 'vo2max': return `VO2max history${dates}`;
    case 'race-predictions': return `Garmin race predictions${dates}`;
    case 'gear': return 'gear (shoes, bikes)';
    case 'zip': return partOf !== undefined ? `uploaded files, part ${partOf}` : name;
    default: return `${where}${name}`;
  }
}
