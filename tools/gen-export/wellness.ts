import { DEVICE } from './activityFit';
import { FitFileBuilder, MESG, type FitMesg } from './fitWriter';
import { rngFor } from './random';
import { ATHLETE } from './simulate';
import { USER_PROFILE_ID } from './summary';
import { addDays, brusselsOffsetMs, dayMs, DAY_MS, fitSeconds, garminTimeString, HOUR_MS, localDayLengthMs, localToUtc } from './time';

/**
 * Daily wellness: sleep (calendarDate = wake-up date, stages in seconds, GMT strings without a
 * zone), user daily summaries (resting HR, steps, stress, body battery), the HR zones file and
 * the monitoring_b FITs that make up most of a real UploadedFiles zip.
 * Resting HR and body battery respond to training: they read the day's and yesterday's load.
 */

export interface DayTraining {
  /** Sum of activity training loads on this local date. */
  load: number;
  steps: number;
  activeKcal: number;
  activeS: number;
  /** Latest local end of an activity (local-epoch ms), to push bedtime after a late run. */
  lastEndLocalMs: number;
}

export type WellnessRecord = Record<string, unknown>;

export interface WellnessDay {
  date: string;
  sleep: WellnessRecord;
  /** deep + light + rem > 0 (OFF_WRIST nights carry zero stages). */
  sleepStaged: boolean;
  uds: WellnessRecord;
}

function hex(rng: { int(a: number, b: number): number }, chars: number): string {
  let out = '';
  for (let i = 0; i < chars; i++) out += '0123456789abcdef'[rng.int(0, 15)];
  return out;
}

export function wellnessDays(seed: number, from: string, to: string, training: Map<string, DayTraining>, fitnessAt: (date: string) => number): WellnessDay[] {
  return [...wellnessDaySeq(seed, from, to, training, fitnessAt)];
}

/**
 * The same days one at a time: day D reads `training` for D and D-1 only when it is asked for,
 * so a streaming writer can fill the map as it goes (the heavy export).
 */
export function* wellnessDaySeq(seed: number, from: string, to: string, training: Map<string, DayTraining>, fitnessAt: (date: string) => number): Generator<WellnessDay> {
  let acute = 0;
  for (let date = from; dayMs(date) <= dayMs(to); date = addDays(date, 1)) {
    const rng = rngFor(seed, 'wellness', date);
    const today = training.get(date);
    const yesterday = training.get(addDays(date, -1));
    acute = acute * 0.85 + (yesterday?.load ?? 0) * 0.15;
    const fitness = fitnessAt(date);

    // Night before `date`: bedtime ~22:45 local, later after a late activity.
    const bedLocal = Math.max(dayMs(date) - DAY_MS + (22 * 60 + 45) * 60_000 + rng.normal(0, 25) * 60_000, (yesterday?.lastEndLocalMs ?? 0) + 30 * 60_000);
    const sleepMs = Math.round((7.3 * HOUR_MS + rng.normal(0, 0.55) * HOUR_MS) / 60_000) * 60_000;
    const startUtc = localToUtc(Math.round(bedLocal / 60_000) * 60_000);
    const endUtc = startUtc + sleepMs;
    const offWrist = rng.chance(0.02);
    const total = sleepMs / 1000;
    const deep = offWrist ? 0 : Math.round((total * rng.uniform(0.13, 0.2)) / 60) * 60;
    const rem = offWrist ? 0 : Math.round((total * rng.uniform(0.18, 0.24)) / 60) * 60;
    const awake = offWrist ? 0 : Math.round((total * rng.uniform(0.03, 0.07)) / 60) * 60;
    const light = offWrist ? 0 : total - deep - rem - awake;
    const score = Math.round(Math.min(96, Math.max(35, 40 + (sleepMs / HOUR_MS - 5) * 14 + rng.normal(0, 5) - acute * 0.03)));
    const sleep: WellnessRecord = {
      sleepStartTimestampGMT: garminTimeString(startUtc),
      sleepEndTimestampGMT: garminTimeString(endUtc),
      calendarDate: date,
      sleepWindowConfirmationType: offWrist ? 'OFF_WRIST' : 'ENHANCED_CONFIRMED_FINAL',
      deepSleepSeconds: deep,
      lightSleepSeconds: light,
      remSleepSeconds: rem,
      awakeSleepSeconds: awake,
      unmeasurableSeconds: offWrist ? total : 0,
      ...(offWrist ? {} : {
        spo2SleepSummary: {
          userProfilePk: USER_PROFILE_ID, deviceId: DEVICE.connectDeviceId,
          sleepMeasurementStartGMT: garminTimeString(startUtc + 60_000), sleepMeasurementEndGMT: garminTimeString(endUtc),
          averageSPO2: Math.round(rng.uniform(93, 97) * 100) / 100, averageHR: Math.round(ATHLETE.restHr + 6 + rng.normal(0, 2)), lowestSPO2: rng.int(86, 91),
        },
        averageRespiration: Math.round(rng.uniform(12, 15) * 100) / 100, lowestRespiration: 10, highestRespiration: 17,
        retro: false, awakeCount: rng.int(0, 3), avgSleepStress: Math.round(rng.uniform(8, 30) * 10) / 10,
        sleepScores: {
          overallScore: score, qualityScore: Math.max(30, score - rng.int(0, 10)), durationScore: Math.min(100, Math.round((sleepMs / HOUR_MS) * 12)),
          recoveryScore: Math.max(0, score - 20), deepScore: Math.round((deep / total) * 450), remScore: Math.round((rem / total) * 380),
          lightScore: rng.int(50, 90), awakeningsCountScore: rng.int(60, 95), awakeTimeScore: rng.int(55, 95),
          combinedAwakeScore: rng.int(55, 95), restfulnessScore: rng.int(50, 90), interruptionsScore: rng.int(55, 95),
          feedback: score >= 80 ? 'POSITIVE_LONG_AND_DEEP' : score >= 60 ? 'POSITIVE_CONTINUOUS' : 'NEGATIVE_NOT_RESTORATIVE',
          insight: (today?.load ?? 0) > 150 ? 'POSITIVE_EXERCISE_NO_HIGH_STRESS' : 'NONE',
        },
        restlessMomentCount: rng.int(10, 60),
      }),
    };

    // Fitter = lower resting HR; a heavy recent block and short sleep push it up.
    const restingHr = Math.round(ATHLETE.restHr + 4 - 5 * fitness + acute * 0.025 + (score < 55 ? 2 : 0) + rng.normal(0, 1.2));
    const walkingSteps = rng.int(4_500, 9_500);
    const steps = walkingSteps + (today?.steps ?? 0);
    const bbHigh = Math.round(Math.min(100, Math.max(25, 40 + score * 0.55 - acute * 0.05 + rng.normal(0, 4))));
    const bbLow = Math.round(Math.max(5, Math.min(bbHigh - 10, bbHigh - 30 - (today?.load ?? 0) * 0.2 + rng.normal(0, 5))));
    const stressAvg = Math.round(Math.max(12, Math.min(60, 34 - score * 0.12 + acute * 0.04 + rng.normal(0, 4))));
    const dayStartUtc = localToUtc(dayMs(date));
    const dayLength = localDayLengthMs(date);
    const offsetMs = brusselsOffsetMs(dayStartUtc + 12 * HOUR_MS);
    const bmr = 1_690;
    const activeKcal = Math.round(walkingSteps * 0.04 + (today?.activeKcal ?? 0));
    const stressBlock = (type: string, avg: number, durationS: number) => ({
      type, averageStressLevel: avg, averageStressLevelIntensity: avg - 2, maxStressLevel: Math.min(99, avg + rng.int(30, 55)),
      stressDuration: Math.round(durationS * 0.45), restDuration: Math.round(durationS * 0.4), activityDuration: Math.round(durationS * 0.1),
      uncategorizedDuration: Math.round(durationS * 0.05), totalDuration: durationS,
      lowDuration: Math.round(durationS * 0.25), mediumDuration: Math.round(durationS * 0.15), highDuration: Math.round(durationS * 0.05),
    });
    const bbStat = (type: string, value: number, atUtc: number) => ({ bodyBatteryStatType: type, statsValue: value, bodyBatteryStatus: 'MEASURED', statTimestamp: garminTimeString(atUtc) });
    const uds: WellnessRecord = {
      userProfilePK: USER_PROFILE_ID,
      calendarDate: date,
      uuid: hex(rng, 32),
      durationInMilliseconds: dayLength,
      totalKilocalories: bmr + activeKcal, activeKilocalories: activeKcal, bmrKilocalories: bmr,
      wellnessKilocalories: bmr + activeKcal, remainingKilocalories: bmr + activeKcal - 500,
      wellnessTotalKilocalories: bmr + activeKcal, wellnessActiveKilocalories: activeKcal,
      totalSteps: steps, dailyStepGoal: 10_000, netCalorieGoal: 1_550,
      totalDistanceMeters: Math.round(steps * 0.78), wellnessDistanceMeters: Math.round(steps * 0.78),
      wellnessStartTimeGmt: garminTimeString(dayStartUtc), wellnessEndTimeGmt: garminTimeString(dayStartUtc + dayLength),
      wellnessStartTimeLocal: garminTimeString(dayMs(date)), wellnessEndTimeLocal: garminTimeString(dayMs(date) + DAY_MS),
      highlyActiveSeconds: Math.round((today?.activeS ?? 0) + rng.int(600, 2_400)), activeSeconds: rng.int(2_000, 6_000),
      moderateIntensityMinutes: rng.int(0, 20), vigorousIntensityMinutes: Math.round((today?.activeS ?? 0) / 60 * 0.6),
      isVigorousDay: (today?.activeS ?? 0) > 1_800,
      floorsAscendedInMeters: Math.round(rng.uniform(10, 60) * 1000) / 1000, floorsDescendedInMeters: Math.round(rng.uniform(10, 60) * 1000) / 1000,
      userIntensityMinutesGoal: 150, userFloorsAscendedGoal: 10,
      minHeartRate: restingHr - rng.int(2, 5), maxHeartRate: today ? rng.int(150, 182) : rng.int(105, 130),
      restingHeartRate: restingHr, currentDayRestingHeartRate: restingHr + rng.int(-1, 2),
      restingHeartRateTimestamp: dayStartUtc + offsetMs,
      includesWellnessData: true, includesActivityData: today !== undefined, includesCalorieConsumedData: false,
      includesSingleMeasurement: false, includesContinuousMeasurement: false, includesAllDayPulseOx: true, includesSleepPulseOx: true,
      source: 0,
      allDayStress: {
        userProfilePK: USER_PROFILE_ID, calendarDate: date,
        aggregatorList: [stressBlock('TOTAL', stressAvg, 82_000), stressBlock('AWAKE', stressAvg + 3, 56_000), stressBlock('ASLEEP', Math.max(8, stressAvg - 10), 26_000)],
      },
      bodyBattery: {
        userProfilePK: USER_PROFILE_ID, calendarDate: date, chargedValue: bbHigh - bbLow + rng.int(-5, 5), drainedValue: bbHigh - bbLow,
        bodyBatteryVersion: 2.0,
        bodyBatteryStatList: [
          bbStat('HIGHEST', bbHigh, endUtc + 20 * 60_000), bbStat('LOWEST', bbLow, dayStartUtc + dayLength - HOUR_MS),
          bbStat('MOSTRECENT', bbLow, dayStartUtc + dayLength), bbStat('ENDOFDAY', bbLow, dayStartUtc + dayLength),
          bbStat('STARTOFDAY', Math.max(5, bbHigh - 25), dayStartUtc), bbStat('SLEEPSTART', Math.max(5, bbHigh - 45), startUtc),
          bbStat('SLEEPEND', bbHigh, endUtc), bbStat('DURINGSLEEP', Math.max(0, 45 - rng.int(0, 10)), endUtc),
        ],
      },
      minAvgHeartRate: restingHr, maxAvgHeartRate: today ? rng.int(140, 175) : rng.int(100, 120),
      averageSpo2Value: rng.int(93, 97), lowestSpo2Value: rng.int(85, 91), latestSpo2Value: rng.int(93, 97),
      averageMonitoringEnvironmentAltitude: 92.0,
      respiration: {
        userProfilePK: USER_PROFILE_ID, calendarDate: date, avgWakingRespirationValue: rng.int(12, 15),
        highestRespirationValue: rng.int(18, 24), lowestRespirationValue: rng.int(9, 11), latestRespirationValue: rng.int(12, 15),
        latestRespirationTimeGMT: garminTimeString(dayStartUtc + dayLength), algorithmVersion: 100,
      },
    };
    yield { date, sleep, sleepStaged: deep + light + rem > 0, uds };
  }
}

/** `<userId>_heartRateZones.json`: Garmin's %HRmax zones (50/60/70/80/90 %). */
export function heartRateZones(): WellnessRecord[] {
  const floor = (pct: number) => Math.round((ATHLETE.maxHr * pct) / 100);
  return [{
    trainingMethod: 'HR_MAX', restingHeartRateUsed: ATHLETE.restHr,
    zone1Floor: floor(50), zone2Floor: floor(60), zone3Floor: floor(70), zone4Floor: floor(80), zone5Floor: floor(90),
    maxHeartRateUsed: ATHLETE.maxHr, restingHrAutoUpdateUsed: false, sport: 'DEFAULT', changeState: 'UNCHANGED',
  }];
}

const M = MESG;

/** A day of all-day monitoring (monitoring_b): hourly step counts and a heart rate every 15 min. */
export function monitoringFit(seed: number, date: string, restingHr: number, steps: number): Uint8Array {
  const rng = rngFor(seed, 'monitoring', date);
  const startUtc = localToUtc(dayMs(date));
  const offsetS = brusselsOffsetMs(startUtc) / 1000;
  const at = (ms: number) => new Date(ms);
  const fit = new FitFileBuilder();
  fit.sdk([
    { mesgNum: M.FILE_ID, type: 'monitoringB', manufacturer: 'garmin', product: DEVICE.product, serialNumber: DEVICE.serialNumber, timeCreated: at(startUtc), number: 1 },
    { mesgNum: M.DEVICE_INFO, timestamp: at(startUtc), deviceIndex: 'creator', manufacturer: 'garmin', product: DEVICE.product, serialNumber: DEVICE.serialNumber, softwareVersion: DEVICE.softwareVersion, sourceType: 'local' },
    {
      mesgNum: M.MONITORING_INFO, timestamp: at(startUtc), localTimestamp: fitSeconds(startUtc) + offsetS,
      activityType: ['walking', 'running'], cyclesToDistance: [1.6834, 2.5252], cyclesToCalories: [0.0564, 0.1778], restingMetabolicRate: 1_690,
    },
  ]);
  let cumulative = 0;
  const mesgs: FitMesg[] = [];
  for (let hour = 0; hour < 24; hour++) {
    const awake = hour >= 7 && hour <= 22;
    const hourSteps = awake ? Math.round((steps / 16) * rng.uniform(0.4, 1.6)) : 0;
    cumulative += hourSteps;
    const t = startUtc + hour * HOUR_MS;
    // `cycles` is scaled by 2 in the profile; for walking the decoder reads the raw value as steps.
    mesgs.push({ mesgNum: M.MONITORING, timestamp: at(t + HOUR_MS - 60_000), activityType: awake ? 'walking' : 'sedentary', cycles: cumulative / 2, activeCalories: Math.round(cumulative * 0.04) });
    for (let q = 0; q < 4; q++) {
      const hr = awake ? restingHr + 20 + rng.int(-8, 25) : restingHr + rng.int(-3, 6);
      mesgs.push({ mesgNum: M.MONITORING, timestamp: at(t + q * 15 * 60_000), heartRate: hr });
    }
  }
  fit.sdk(mesgs);
  return fit.close();
}
