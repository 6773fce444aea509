import type { PlannedSession } from './plan';
import { fromSemicircles } from './routes';
import type { Samples } from './simulate';
import type { SportInfo } from './sports';
import { KJ_PER_KCAL, type ActivityTotals } from './stats';
import { DEVICE } from './activityFit';

/**
 * `*_summarizedActivities.json` records in Garmin's internal units (garmin-export-format.md §3.1):
 * distance/elevation cm, durations ms, speeds cm/ms, calories kJ. Every value is the FIT value
 * times that factor, so a reader can check one against the other exactly.
 */

export const USER_PROFILE_ID = 12_345_678;
/** Garmin's internal id for Europe/Brussels (seen in a real export). */
const TIME_ZONE_ID = 124;

export type SummaryRecord = Record<string, unknown>;

export interface SummaryIds {
  activityId: number;
  startUtcMs: number;
  offsetMs: number;
}

function trainingEffectLabel(s: PlannedSession, te: number): string {
  if (s.kind === 'intervals') return 'VO2MAX';
  if (s.kind === 'tempo' || s.kind === 'race') return te >= 3.5 ? 'LACTATE_THRESHOLD' : 'TEMPO';
  if (te < 2) return 'RECOVERY';
  return 'AEROBIC_BASE';
}

const cm = (m: number) => Math.round(m * 100);
const deg = (sc: number | undefined) => (sc === undefined ? undefined : fromSemicircles(sc));

export function summaryRecord(s: PlannedSession, sport: SportInfo, samples: Samples, t: ActivityTotals, ids: SummaryIds): SummaryRecord {
  const gps = samples.lat !== null && samples.lon !== null;
  const rec: SummaryRecord = {
    activityId: ids.activityId,
    name: s.name,
    activityType: sport.activityType,
    userProfileId: USER_PROFILE_ID,
    timeZoneId: TIME_ZONE_ID,
    beginTimestamp: ids.startUtcMs,
    eventTypeId: 9,
    rule: 'subscribers',
    sportType: sport.sportType,
    startTimeGmt: ids.startUtcMs,
    startTimeLocal: ids.startUtcMs + ids.offsetMs,
    duration: t.timerS * 1000,
    distance: samples.distance ? t.distanceCm : 0,
  };
  if (t.ascentM !== null) {
    rec.elevationGain = t.ascentM * 100;
    rec.elevationLoss = (t.descentM ?? 0) * 100;
  }
  if (t.avgSpeedMmps !== null) {
    rec.avgSpeed = t.avgSpeedMmps / 10_000;
    rec.maxSpeed = (t.maxSpeedMmps ?? 0) / 10_000;
  }
  rec.avgHr = t.avgHr;
  rec.maxHr = t.maxHr;
  rec.minHr = t.minHr;
  if (sport.run && t.avgCadence !== null) {
    rec.avgRunCadence = t.avgCadence;
    rec.maxRunCadence = t.maxCadence;
    rec.steps = 2 * (t.totalCycles ?? 0);
    rec.avgFractionalCadence = t.avgFractionalCadence;
    rec.avgDoubleCadence = 2 * (t.avgCadence + (t.avgFractionalCadence ?? 0));
    rec.maxDoubleCadence = 2 * (t.maxCadence ?? 0);
    if (t.distanceCm > 0 && t.totalCycles) rec.avgStrideLength = t.distanceCm / (2 * t.totalCycles);
  }
  if (sport.fitSport === 'cycling') {
    rec.avgBikeCadence = t.avgCadence;
    rec.maxBikeCadence = t.maxCadence;
    rec.avgPower = t.avgPowerW;
    rec.maxPower = t.maxPowerW;
    rec.normPower = t.normPowerW;
  }
  rec.calories = t.kcal * KJ_PER_KCAL;
  rec.bmrCalories = t.bmrKcal * KJ_PER_KCAL;
  rec.aerobicTrainingEffect = t.aerobicTe;
  rec.anaerobicTrainingEffect = t.anaerobicTe;
  if (sport.run) rec.vO2MaxValue = Math.round(46 + 7 * s.fitness);
  rec.elapsedDuration = t.elapsedS * 1000;
  rec.movingDuration = t.movingS * 1000;
  rec.deviceId = DEVICE.connectDeviceId;
  if (t.minAltM !== null) {
    rec.minElevation = cm(t.minAltM);
    rec.maxElevation = cm(t.maxAltM ?? t.minAltM);
  }
  if (gps) {
    rec.startLatitude = deg(samples.lat?.[0]);
    rec.startLongitude = deg(samples.lon?.[0]);
    rec.endLatitude = deg(samples.lat?.[samples.n - 1]);
    rec.endLongitude = deg(samples.lon?.[samples.n - 1]);
  }
  if (sport.fitSport === 'swimming') {
    rec.poolLength = 2500;
    rec.unitOfPoolLength = { unitKey: 'meter', factor: 100 };
    rec.activeLengths = Math.round(t.distanceCm / 2500);
  }
  if (sport.fitSport === 'training') {
    const sets = Math.max(6, Math.round(t.timerS / 240));
    rec.summarizedExerciseSets = [
      { category: 'SQUAT', reps: 10 * Math.ceil(sets / 3), volume: 600_000, duration: 400_000, sets: Math.ceil(sets / 3) },
      { category: 'BENCH_PRESS', reps: 8 * Math.floor(sets / 3), volume: 320_000, duration: 300_000, sets: Math.floor(sets / 3) },
      { category: 'PLANK', reps: 0, volume: 0, duration: 180_000, sets: sets - Math.ceil(sets / 3) - Math.floor(sets / 3) },
    ];
    rec.totalSets = sets;
    rec.activeSets = sets;
  }
  rec.summarizedDiveInfo = {};
  rec.manufacturer = 'GARMIN';
  rec.lapCount = t.laps.length;
  rec.trainingEffectLabel = trainingEffectLabel(s, t.aerobicTe);
  rec.activityTrainingLoad = t.trainingLoad;
  rec.moderateIntensityMinutes = t.moderateMin;
  rec.vigorousIntensityMinutes = t.vigorousMin;
  rec.purposeful = false;
  rec.autoCalcCalories = false;
  rec.favorite = s.kind === 'race';
  rec.pr = false;
  rec.elevationCorrected = false;
  rec.atpActivity = false;
  rec.decoDive = false;
  rec.parent = false;
  return rec;
}

/**
 * A manual entry (no device, no FIT): the sparse shape of hand-logged activities — no HR, no
 * device, no laps (garmin-export-format.md §3.1, "manual-style record").
 */
export function manualSummaryRecord(s: PlannedSession, sport: SportInfo, ids: SummaryIds): SummaryRecord {
  const durationMs = s.durationS * 1000;
  const distanceCm = sport.run ? Math.round((s.durationS / 345) * 1000) * 100 : 0;
  const kcal = sport.run ? Math.round((70 * distanceCm) / 100_000) : Math.round((s.durationS / 60) * 6);
  const rec: SummaryRecord = {
    activityId: ids.activityId,
    name: s.name,
    activityType: sport.activityType,
    userProfileId: USER_PROFILE_ID,
    timeZoneId: TIME_ZONE_ID,
    beginTimestamp: ids.startUtcMs,
    eventTypeId: 9,
    rule: 'subscribers',
    sportType: sport.sportType,
    startTimeGmt: ids.startUtcMs,
    startTimeLocal: ids.startUtcMs + ids.offsetMs,
    duration: durationMs,
    distance: distanceCm,
    calories: kcal * KJ_PER_KCAL,
    elapsedDuration: durationMs,
    summarizedDiveInfo: {},
    purposeful: false,
    autoCalcCalories: true,
    favorite: false,
    pr: false,
    elevationCorrected: false,
    atpActivity: false,
    decoDive: false,
    parent: false,
  };
  if (distanceCm > 0) rec.avgSpeed = distanceCm / durationMs;
  return rec;
}
