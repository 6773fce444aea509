import type { Encodable, LapMesg, SessionMesg } from '@garmin/fitsdk';
import { FitFileBuilder, MESG, recordBlock, type RecordColumn } from './fitWriter';
import type { ModernChannels } from './modernWatch';
import type { Samples } from './simulate';
import type { SportInfo } from './sports';
import type { ActivityTotals, Totals } from './stats';
import { fitSeconds } from './time';

/**
 * One activity FIT as a Garmin watch writes it: file_id, device_info, timer start, records with
 * laps written when they close (and timer stop/start around pauses), then session and activity.
 * The activity message's local_timestamp carries the UTC offset (FIT epoch seconds of local time).
 */

export const DEVICE = {
  /** Forerunner 265 (garmin_product 4257 = fr265Large). The Encoder cannot write the garminProduct subfield by name, only `product`. */
  product: 4257,
  serialNumber: 3_456_789_012,
  softwareVersion: 21.19,
  /** Garmin Connect's id of this watch (summary deviceId; devicesandcontent unitId). */
  connectDeviceId: 3_000_000_001,
};

const M = MESG;

export interface FitTiming {
  startUtcMs: number;
  offsetMs: number;
}

function opt(x: number | null): number | undefined {
  return x === null ? undefined : x;
}

function date(ms: number): Date {
  return new Date(ms);
}

/** Fields shared by lap and session messages. */
function totalsFields(t: Totals, sport: SportInfo, samples: Samples, from: number) {
  return {
    startPositionLat: samples.lat ? samples.lat[from] : undefined,
    startPositionLong: samples.lon ? samples.lon[from] : undefined,
    totalElapsedTime: t.elapsedS,
    totalTimerTime: t.timerS,
    totalDistance: samples.distance ? t.distanceCm / 100 : undefined,
    totalCycles: opt(t.totalCycles),
    totalCalories: t.kcal,
    enhancedAvgSpeed: t.avgSpeedMmps === null ? undefined : t.avgSpeedMmps / 1000,
    enhancedMaxSpeed: t.maxSpeedMmps === null ? undefined : t.maxSpeedMmps / 1000,
    avgHeartRate: t.avgHr,
    maxHeartRate: t.maxHr,
    avgCadence: opt(t.avgCadence),
    avgFractionalCadence: opt(t.avgFractionalCadence),
    maxCadence: opt(t.maxCadence),
    avgPower: opt(t.avgPowerW),
    maxPower: opt(t.maxPowerW),
    normalizedPower: opt(t.normPowerW),
    totalAscent: opt(t.ascentM),
    totalDescent: opt(t.descentM),
    sport: sport.fitSport,
    subSport: sport.fitSubSport,
  };
}

function recordColumns(samples: Samples, startFitS: number): RecordColumn[] {
  const ts = new Float64Array(samples.n);
  for (let i = 0; i < samples.n; i++) ts[i] = startFitS + (samples.tS[i] ?? 0);
  const cols: RecordColumn[] = [{ name: 'timestamp', values: ts }];
  if (samples.lat && samples.lon) cols.push({ name: 'positionLat', values: samples.lat }, { name: 'positionLong', values: samples.lon });
  if (samples.distance) cols.push({ name: 'distance', values: samples.distance });
  if (samples.speed) cols.push({ name: 'enhancedSpeed', values: samples.speed });
  if (samples.altitude) cols.push({ name: 'enhancedAltitude', values: samples.altitude });
  cols.push({ name: 'heartRate', values: samples.hr });
  if (samples.cadence) cols.push({ name: 'cadence', values: samples.cadence });
  if (samples.power) cols.push({ name: 'power', values: samples.power });
  return cols;
}

/** `modern`: the extra record columns and hrv messages of a current watch (the heavy export). */
export function encodeActivityFit(sport: SportInfo, samples: Samples, totals: ActivityTotals, timing: FitTiming, modern: ModernChannels | null = null): Uint8Array {
  const start = timing.startUtcMs;
  const at = (s: number) => date(start + s * 1000);
  const endS = samples.tS[samples.n - 1] ?? 0;
  const fit = new FitFileBuilder();
  fit.sdk([
    { mesgNum: M.FILE_ID, type: 'activity', manufacturer: 'garmin', product: DEVICE.product, serialNumber: DEVICE.serialNumber, timeCreated: at(0) },
    { mesgNum: M.DEVICE_INFO, timestamp: at(0), deviceIndex: 'creator', manufacturer: 'garmin', product: DEVICE.product, serialNumber: DEVICE.serialNumber, softwareVersion: DEVICE.softwareVersion, sourceType: 'local' },
    { mesgNum: M.EVENT, timestamp: at(0), event: 'timer', eventType: 'start', timerTrigger: 'manual', eventGroup: 0 },
  ]);
  const columns = recordColumns(samples, fitSeconds(start));
  if (modern) columns.push(...modern.columns);
  const hrv = modern?.hrv ?? undefined;
  totals.laps.forEach((lap, k) => {
    // Records of this lap, cut where the timer was stopped so the stop/start events sit in time order.
    let from = lap.from;
    for (const p of samples.pauses) {
      let cut = from;
      while (cut < lap.to && (samples.tS[cut] ?? 0) < p.startS) cut++;
      if (cut <= from || cut >= lap.to || (samples.tS[cut - 1] ?? 0) >= p.stopS) continue;
      fit.records(recordBlock(columns, from, cut, hrv));
      fit.sdk([
        { mesgNum: M.EVENT, timestamp: at(p.stopS), event: 'timer', eventType: 'stopAll', timerTrigger: 'manual', eventGroup: 0 },
        { mesgNum: M.EVENT, timestamp: at(p.startS), event: 'timer', eventType: 'start', timerTrigger: 'manual', eventGroup: 0 },
      ]);
      from = cut;
    }
    fit.records(recordBlock(columns, from, lap.to, hrv));
    const lapMesg: Encodable<LapMesg> = {
      mesgNum: M.LAP,
      messageIndex: k,
      timestamp: at(lap.endS),
      startTime: at(lap.startS),
      ...totalsFields(lap, sport, samples, lap.from),
      event: 'lap',
      eventType: 'stop',
      lapTrigger: lap.trigger,
    };
    fit.sdk([lapMesg]);
  });
  const swim = sport.fitSport === 'swimming';
  const poolLengthM = 25;
  const session: Encodable<SessionMesg> = {
    mesgNum: M.SESSION,
    messageIndex: 0,
    timestamp: at(endS),
    startTime: at(0),
    ...totalsFields(totals, sport, samples, 0),
    event: 'lap',
    eventType: 'stop',
    firstLapIndex: 0,
    numLaps: totals.laps.length,
    trigger: 'activityEnd',
    enhancedMinAltitude: opt(totals.minAltM),
    enhancedMaxAltitude: opt(totals.maxAltM),
    poolLength: swim ? poolLengthM : undefined,
    poolLengthUnit: swim ? 'metric' : undefined,
    numActiveLengths: swim ? Math.round(totals.distanceCm / 100 / poolLengthM) : undefined,
    totalTrainingEffect: totals.aerobicTe,
    totalAnaerobicTrainingEffect: totals.anaerobicTe,
    // Garmin's load (session field 168), what fitbook reads as trainingLoad.
    trainingLoadPeak: totals.trainingLoad,
  };
  fit.sdk([
    { mesgNum: M.EVENT, timestamp: at(endS), event: 'timer', eventType: 'stopAll', timerTrigger: 'manual', eventGroup: 0 },
    session,
    {
      mesgNum: M.ACTIVITY,
      timestamp: at(endS),
      totalTimerTime: totals.timerS,
      numSessions: 1,
      type: 'manual',
      event: 'activity',
      eventType: 'stop',
      localTimestamp: fitSeconds(start + endS * 1000) + timing.offsetMs / 1000,
    },
  ]);
  return fit.close();
}
