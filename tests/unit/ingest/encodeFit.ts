import { Encoder, Profile, type Mesg } from '@garmin/fitsdk';

/** A small, valid FIT activity written with the SDK's own Encoder, for cases no fixture covers. */
export function encodeFit(startMs: number, { sport = 'running', subSport = 'generic', seconds = 40, type = 'activity', speedMps = 3 } = {}): Uint8Array {
  const encoder = new Encoder();
  // The SDK types each message number as possibly undefined, and messages per kind; these
  // all exist in the profile, and the Encoder checks field names itself.
  const M = Profile.MesgNum as Record<'FILE_ID' | 'RECORD' | 'LAP' | 'SESSION' | 'ACTIVITY', number>;
  const write = (mesgNum: number, fields: Record<string, unknown>) => encoder.onMesg(mesgNum, fields as unknown as Mesg);
  const at = (s: number) => new Date(startMs + s * 1000);
  const end = seconds - 1;
  write(M.FILE_ID, { type, manufacturer: 'garmin', product: 1, serialNumber: 1234, timeCreated: at(0) });
  for (let i = 0; i < seconds; i++) {
    write(M.RECORD, { timestamp: at(i), heartRate: 120 + (i % 10), distance: i * speedMps, speed: speedMps });
  }
  if (type === 'activity') {
    const totals = { startTime: at(0), totalElapsedTime: end, totalTimerTime: end, totalDistance: end * speedMps };
    write(M.LAP, { timestamp: at(end), ...totals });
    write(M.SESSION, { timestamp: at(end), ...totals, sport, subSport });
    // local = UTC + 2 h, so the offset comes from the file, not from the test machine's zone.
    write(M.ACTIVITY, { timestamp: at(end), localTimestamp: Math.round(startMs / 1000 + end) - 631_065_600 + 7200, numSessions: 1, type: 'manual', event: 'activity', eventType: 'stop' });
  }
  return encoder.close();
}
