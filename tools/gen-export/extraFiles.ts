/**
 * Files of a real export that fitbook does not read (personal records, profile, devices):
 * present so an ingest is exercised on a realistic mix, and their JSON shapes follow the real ones.
 */
import type { GeneratedActivity } from './manifest';
import type { ZipEntry } from './zip';

const encoder = new TextEncoder();
export const json = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Java's Date.toString() in GMT, as personalRecord.json writes it: 'Thu Jul 16 22:00:00 GMT 2026'. */
function javaDateString(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} GMT ${d.getUTCFullYear()}`;
}

export function realismFiles(root: string, owner: string, account: GeneratedActivity[]): ZipEntry[] {
  const runs = account.filter((a) => a.summary.activityType === 'running' || a.summary.activityType === 'trail_running');
  const longest = [...runs].sort((a, b) => Number(b.summary.distance) - Number(a.summary.distance))[0];
  return [
    {
      path: `${root}/DI-Connect-Fitness/${owner}_personalRecord.json`,
      data: json([{
        personalRecords: longest
          ? [{ personalRecordId: 1, activityId: longest.activityId, value: Number(longest.summary.distance) / 100, prStartTimeGMT: javaDateString(longest.startUtcMs), personalRecordType: 'Farthest Run', current: true, confirmed: true }]
          : [],
      }]),
    },
    {
      path: `${root}/DI-Connect-User/user_profile.json`,
      data: json({ userName: 'runner', firstName: 'Sam', lastName: 'Runner', emailAddress: owner, gender: 'FEMALE', birthDate: '1990-05-17' }),
    },
    {
      path: `${root.replace(/DI_CONNECT$/, '')}IT_DEVICE_AND_CONTENT/devicesandcontent.json`,
      data: json({ deviceAndContentInfo: [{ Devices: [{ unitId: 3_000_000_001, serialNumber: '3456789012', partNumber: '006-B4257-00', registrationDate: 'March 3, 2023' }] }] }),
    },
  ];
}
