import {
  CrcCalculator, Encoder, Profile,
  type ActivityMesg, type DeviceInfoMesg, type Encodable, type EventMesg, type FileIdMesg, type LapMesg,
  type MonitoringInfoMesg, type MonitoringMesg, type SessionMesg,
} from '@garmin/fitsdk';

/**
 * Builds FIT files from segments. Every message except `record` goes through the SDK's
 * Encoder; a file is the concatenation of the data sections of several small Encoder outputs
 * (each starts with its own definition messages, so the concatenation is a valid FIT stream),
 * with the records between them.
 *
 * Records are the exception because the SDK Encoder spends ~40 µs per record message looking up
 * each field in the profile (MesgDefinition walks Object.entries of all ~100 record fields per
 * field per message): 10 years of 1 Hz runs would take minutes. RecordBlock writes the exact
 * bytes a fresh Encoder writes for the same record messages (same definition, local message 0,
 * same rounding) — the unit test checks that byte for byte against the Encoder.
 */

function mesgNum(name: string): number {
  const num = Profile.MesgNum[name];
  if (num === undefined) throw new Error(`FIT profile has no message ${name}`);
  return num;
}

/** Global message numbers used by the generator (Profile.MesgNum is typed as a loose record). */
export const MESG = {
  FILE_ID: mesgNum('FILE_ID'),
  DEVICE_INFO: mesgNum('DEVICE_INFO'),
  EVENT: mesgNum('EVENT'),
  RECORD: mesgNum('RECORD'),
  LAP: mesgNum('LAP'),
  SESSION: mesgNum('SESSION'),
  ACTIVITY: mesgNum('ACTIVITY'),
  MONITORING_INFO: mesgNum('MONITORING_INFO'),
  MONITORING: mesgNum('MONITORING'),
  HRV: mesgNum('HRV'),
};

/** The messages the generator writes through the SDK Encoder. */
export type FitMesg =
  | Encodable<FileIdMesg> | Encodable<DeviceInfoMesg> | Encodable<EventMesg> | Encodable<LapMesg>
  | Encodable<SessionMesg> | Encodable<ActivityMesg> | Encodable<MonitoringInfoMesg> | Encodable<MonitoringMesg>;

const HEADER_SIZE = 14;
const CRC_SIZE = 2;

export class FitFileBuilder {
  private readonly parts: Uint8Array[] = [];
  private header: Uint8Array | null = null;

  /** Messages through a fresh SDK Encoder; its header is kept to reuse for the whole file. */
  sdk(mesgs: FitMesg[]): this {
    if (mesgs.length === 0) return this;
    const encoder = new Encoder();
    for (const mesg of mesgs) encoder.writeMesg(mesg);
    const bytes = encoder.close();
    this.header ??= bytes.slice(0, HEADER_SIZE);
    this.parts.push(bytes.subarray(HEADER_SIZE, bytes.length - CRC_SIZE));
    return this;
  }

  records(block: Uint8Array): this {
    if (block.length > 0) this.parts.push(block);
    return this;
  }

  /** Header (as the Encoder writes it, with this file's data size) + data + file CRC. */
  close(): Uint8Array {
    if (!this.header) throw new Error('a FIT file needs at least one message written through the SDK Encoder (file_id)');
    const dataSize = this.parts.reduce((a, p) => a + p.length, 0);
    const out = new Uint8Array(HEADER_SIZE + dataSize + CRC_SIZE);
    out.set(this.header, 0);
    const view = new DataView(out.buffer);
    view.setUint32(4, dataSize, true);
    view.setUint16(12, CrcCalculator.calculateCRC(out, 0, 12), true);
    let at = HEADER_SIZE;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    view.setUint16(at, CrcCalculator.calculateCRC(out, 0, at), true);
    return out;
  }
}

/** A record field as the Encoder defines it (from the SDK profile, looked up once). */
interface FieldSpec {
  num: number;
  size: number;
  /** Base type byte in the definition, including the endian flag. */
  baseTypeByte: number;
  write: (view: DataView, at: number, raw: number) => void;
  scale: number;
  offset: number;
  scaled: boolean;
}

export type RecordFieldName =
  | 'timestamp' | 'positionLat' | 'positionLong' | 'distance' | 'enhancedSpeed' | 'enhancedAltitude'
  | 'heartRate' | 'cadence' | 'power'
  // What a current Forerunner/Fenix adds on runs (running dynamics from the wrist or an HRM-Pro).
  | 'fractionalCadence' | 'temperature' | 'accumulatedPower' | 'verticalOscillation' | 'stanceTimePercent'
  | 'stanceTime' | 'stanceTimeBalance' | 'stepLength' | 'verticalRatio' | 'activityType'
  | 'enhancedRespirationRate' | 'gpsAccuracy' | 'absolutePressure' | 'verticalSpeed' | 'grade' | 'cycleLength16'
  | 'totalCycles' | 'calories';

export type BaseTypeName = 'uint8' | 'sint8' | 'uint16' | 'sint16' | 'uint32' | 'sint32';

/** FIT base types as the SDK's Encoder writes them (fit.js FieldTypeToBaseType; note enum -> uint8). */
const BASE_TYPES: Record<string, { byte: number; size: number; write: FieldSpec['write'] }> = {
  uint8: { byte: 0x02, size: 1, write: (v, at, x) => v.setUint8(at, x & 0xff) },
  sint8: { byte: 0x01, size: 1, write: (v, at, x) => v.setInt8(at, x) },
  uint16: { byte: 0x84, size: 2, write: (v, at, x) => v.setUint16(at, x & 0xffff, true) },
  sint16: { byte: 0x83, size: 2, write: (v, at, x) => v.setInt16(at, x, true) },
  uint32: { byte: 0x86, size: 4, write: (v, at, x) => v.setUint32(at, x >>> 0, true) },
  sint32: { byte: 0x85, size: 4, write: (v, at, x) => v.setInt32(at, x | 0, true) },
};

const RECORD_MESG_NUM = MESG.RECORD;
const specCache = new Map<RecordFieldName, FieldSpec>();

/** A field the profile does not document (Garmin writes several on every record); raw values. */
function undocumentedSpec(num: number, baseType: BaseTypeName): FieldSpec {
  const base = BASE_TYPES[baseType] as (typeof BASE_TYPES)[string];
  return { num, size: base.size, baseTypeByte: base.byte, write: base.write, scale: 1, offset: 0, scaled: false };
}

function fieldSpec(column: RecordColumn): FieldSpec {
  if ('num' in column) return undocumentedSpec(column.num, column.baseType);
  const name = column.name;
  const cached = specCache.get(name);
  if (cached) return cached;
  const profile = Profile.messages[RECORD_MESG_NUM];
  const field = profile ? Object.values(profile.fields).find((f) => f.name === name) : undefined;
  if (!field) throw new Error(`record field ${name} is not in the FIT profile`);
  const type = field.type === 'dateTime' ? 'uint32' : field.baseType === 'enum' ? 'uint8' : field.baseType;
  const base = BASE_TYPES[type];
  if (!base) throw new Error(`record field ${name}: base type ${type} not supported by RecordBlock`);
  // Same rule as the SDK's MesgDefinition: fields with several components are written unscaled.
  const multiComponent = field.components.length > 1;
  const scale = multiComponent ? 1 : Array.isArray(field.scale) ? field.scale[0] ?? 1 : field.scale;
  const offset = multiComponent ? 0 : Array.isArray(field.offset) ? field.offset[0] ?? 0 : field.offset;
  const spec: FieldSpec = {
    num: field.num, size: base.size, baseTypeByte: base.byte, write: base.write,
    scale, offset, scaled: scale !== 1 || offset !== 0,
  };
  specCache.set(name, spec);
  return spec;
}

export interface ProfileRecordColumn {
  name: RecordFieldName;
  /** Values in the SDK's units (m, m/s, bpm...); `timestamp` as FIT date_time seconds. */
  values: ArrayLike<number>;
}

/** A field number the FIT profile does not list, as Garmin watches write them (decoders skip them). */
export interface UndocumentedRecordColumn {
  num: number;
  baseType: BaseTypeName;
  /** Raw values as stored. */
  values: ArrayLike<number>;
}

export type RecordColumn = ProfileRecordColumn | UndocumentedRecordColumn;

/** R-R intervals to write as `hrv` messages (FIT 78) after each record, as a chest strap or watch logs them. */
export interface HrvIntervals {
  /** HRV_SLOTS values per record, in seconds; NaN = no beat in that slot. */
  timeS: Float64Array;
}

/** A watch writes an hrv message with a 5-slot `time` array, unused slots invalid (0xFFFF). */
export const HRV_SLOTS = 5;
const HRV_INVALID = 0xffff;

/**
 * Record messages [from, to) with one definition, as bytes identical to what
 * `new Encoder()` + writeMesg({mesgNum: RECORD, ...fields in this order}) writes between its
 * header and CRC. With `hrv`, an hrv definition (local message 1) follows the record definition
 * and each record that has beats is followed by its hrv message, as Garmin interleaves them.
 */
export function recordBlock(columns: RecordColumn[], from: number, to: number, hrv?: HrvIntervals): Uint8Array {
  if (to <= from) return new Uint8Array(0);
  const specs = columns.map(fieldSpec);
  const recordSize = 1 + specs.reduce((a, s) => a + s.size, 0);
  const recordDefSize = 6 + 3 * specs.length;
  const hrvDefSize = hrv ? 9 : 0;
  const hrvSize = 1 + 2 * HRV_SLOTS;
  let hrvCount = 0;
  if (hrv) for (let r = from; r < to; r++) if (!Number.isNaN(hrv.timeS[r * HRV_SLOTS] ?? NaN)) hrvCount++;
  const defSize = recordDefSize + hrvDefSize;
  const out = new Uint8Array(defSize + recordSize * (to - from) + hrvSize * hrvCount);
  const view = new DataView(out.buffer);
  // Definition message: header 0x40 | local 0, reserved, little-endian, global number, fields.
  out[0] = 0x40;
  out[1] = 0;
  out[2] = 0;
  view.setUint16(3, RECORD_MESG_NUM, true);
  out[5] = specs.length;
  specs.forEach((s, i) => {
    out[6 + 3 * i] = s.num;
    out[7 + 3 * i] = s.size;
    out[8 + 3 * i] = s.baseTypeByte;
  });
  if (hrv) {
    // hrv definition: local 1, little-endian, global 78, one field: time (num 0), uint16[5].
    const d = recordDefSize;
    out[d] = 0x41;
    view.setUint16(d + 3, MESG.HRV, true);
    out[d + 5] = 1;
    out[d + 6] = 0;
    out[d + 7] = 2 * HRV_SLOTS;
    out[d + 8] = 0x84;
  }
  let at = defSize;
  for (let r = from; r < to; r++) {
    out[at++] = 0x00;
    for (let f = 0; f < specs.length; f++) {
      const s = specs[f] as FieldSpec;
      const value = (columns[f] as RecordColumn).values[r] ?? 0;
      s.write(view, at, s.scaled ? Math.round((value + s.offset) * s.scale) : value);
      at += s.size;
    }
    if (hrv && !Number.isNaN(hrv.timeS[r * HRV_SLOTS] ?? NaN)) {
      out[at++] = 0x01;
      for (let k = 0; k < HRV_SLOTS; k++) {
        const t = hrv.timeS[r * HRV_SLOTS + k] ?? NaN;
        view.setUint16(at, Number.isNaN(t) ? HRV_INVALID : Math.round(t * 1000), true);
        at += 2;
      }
    }
  }
  return out;
}
