import type { Mesg } from './fitMesg';

/**
 * Heart rates from `hr` messages (HRM-Pro/Swim/Tri stored data) merged into the records'
 * heart-rate column, as @garmin/fitsdk's HrMesgUtils.mergeHeartRates does by default
 * (utils-hr-mesg.js): expand each hr message's event_timestamp/filtered_bpm arrays against the
 * last anchor timestamp, carry a value across gaps in 250 ms steps for up to 5 s, then give each
 * record the rounded mean of the heart rates in (previous record time, record time].
 * Throws with the SDK's messages when the hr messages are inconsistent.
 */

const GAP_STEP_S = 0.25;
const GAP_MAX_STEPS = 20;
/** event_timestamp is 32 bits of 1/1024 s: it rolls over after 2^22 s (Profile hr.event_timestamp). */
const EVENT_ROLLOVER_S = 0x400000;

const FIT_EPOCH_MS = 631_065_600_000;

function fail(msg: string): never {
  throw new Error(`FIT Runtime Error ${msg}`);
}

/** Expanded (time since FIT epoch in s, bpm) pairs, in two parallel arrays. */
export function expandHeartRates(hrMesgs: readonly Mesg[]): { timeS: Float64Array; bpm: Float64Array } {
  // Each event adds itself and at most GAP_MAX_STEPS carried values; grown on demand.
  let timeS = new Float64Array(1024);
  let bpm = new Float64Array(1024);
  let n = 0;
  const room = (k: number) => {
    if (n + k <= timeS.length) return;
    const t = new Float64Array(Math.max(timeS.length * 2, n + k));
    t.set(timeS);
    const b = new Float64Array(t.length);
    b.set(bpm);
    timeS = t;
    bpm = b;
  };
  let anchorEvent = 0;
  let anchorTime: number | null = null;
  for (const m of hrMesgs) {
    const events = Array.isArray(m.eventTimestamp) ? (m.eventTimestamp as number[]) : [m.eventTimestamp as number];
    const bpms = Array.isArray(m.filteredBpm) ? (m.filteredBpm as number[]) : [m.filteredBpm as number];
    if (m.timestamp !== null && m.timestamp !== undefined) {
      anchorTime = m.timestamp instanceof Date ? (m.timestamp.getTime() - FIT_EPOCH_MS) / 1000 : (m.timestamp as number);
      if (m.fractionalTimestamp !== null && m.fractionalTimestamp !== undefined) anchorTime += m.fractionalTimestamp as number;
      if (events.length === 1) anchorEvent = events[0] as number;
      else fail('anchor HR mesg must have 1 event_timestamp');
    }
    if (anchorTime === null) fail('no anchor timestamp received in a HR mesg before delta HR mesgs');
    else if (events.length !== bpms.length) fail('HR mesg with mismatching event timestamp and filtered bpm');
    for (let i = 0; i < events.length; i++) {
      let event = events[i] as number;
      if (event < anchorEvent) {
        if (anchorEvent - event > EVENT_ROLLOVER_S) event += EVENT_ROLLOVER_S;
        else fail('anchor event_timestamp is greater than subsequent event_timestamp. This does not allow for correct delta calculation.');
      }
      const t = anchorTime + (event - anchorEvent);
      room(GAP_MAX_STEPS + 1);
      if (n > 0) {
        const prevT = timeS[n - 1] as number;
        const prevBpm = bpm[n - 1] as number;
        let gapMs = Math.abs(t - prevT) * 1000;
        for (let step = 1; gapMs > GAP_STEP_S * 1000 && step <= GAP_MAX_STEPS; step++) {
          timeS[n] = prevT + GAP_STEP_S * step;
          bpm[n++] = prevBpm;
          gapMs -= GAP_STEP_S * 1000;
        }
      }
      timeS[n] = t;
      // As in the SDK, a missing bpm is carried as is (NaN here, undefined there: both add NaN).
      bpm[n++] = bpms[i] as number;
    }
  }
  return { timeS: timeS.subarray(0, n), bpm: bpm.subarray(0, n) };
}

/** Writes merged heart rates into `heartRate` for records at `recordTimeS` (HrMesgUtils.mergeHeartRates). */
export function mergeHeartRates(hrMesgs: readonly Mesg[], recordTimeS: Float64Array, heartRate: Float64Array): void {
  if (hrMesgs.length === 0 || recordTimeS.length === 0) return;
  const hr = expandHeartRates(hrMesgs);
  let k = 0;
  let rangeStart: number | null = null;
  for (let i = 0; i < recordTimeS.length; i++) {
    const rangeEnd = recordTimeS[i] as number;
    let sum = 0;
    let count = 0;
    if (rangeStart === null) rangeStart = rangeEnd;
    if (rangeStart === rangeEnd) {
      rangeStart--;
      k = k >= 1 ? k - 1 : 0;
    }
    while (k < hr.timeS.length) {
      const t = hr.timeS[k] as number;
      if (t > rangeStart && t <= rangeEnd) {
        sum += hr.bpm[k] as number;
        count++;
      } else if (t > rangeEnd) {
        if (count > 0) heartRate[i] = Math.round(sum / count);
        rangeStart = rangeEnd;
        break;
      }
      k++;
    }
  }
}
