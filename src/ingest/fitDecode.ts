import { mergeHeartRates } from './fitHr';
import { Accumulator, decodeMesg, type FieldDef, type Mesg } from './fitMesg';
import { BASE, BASE_INVALID, BASE_SIZE, firstOf, mesgNum, profileField, profileMesg, profileMessages, type ProfileMesg } from './fitProfile';
import { RECORD_COLUMNS, RecordColumnsBuilder, type RecordColumns } from './fitRecords';

/**
 * fitbook's FIT decoder: one pass over the bytes with a DataView. Record messages go straight
 * into typed-array columns through a layout precomputed per definition message (no object per
 * record); the few other messages fitbook keeps are decoded into @garmin/fitsdk-shaped objects
 * (fitMesg.ts); everything else is skipped by its size. Follows the FIT Protocol document
 * (§3 file header/CRC, §4 record headers, definition and data messages, compressed timestamps,
 * chained files) and mirrors @garmin/fitsdk 21.217's decoder.js wherever its output is kept,
 * including the byte positions it reports errors at.
 */

export interface DecodedFit {
  fileIds: Mesg[];
  sessions: Mesg[];
  laps: Mesg[];
  activities: Mesg[];
  records: RecordColumns;
}

export type FitDecodeOutcome = { ok: true; fit: DecodedFit } | { ok: false; reason: string };

const HEADER_SIZES = [12, 14];
const CRC_SIZE = 2;
/** '.FIT' read as a little-endian uint32 (header bytes 8..11). */
const FIT_SIGNATURE = 0x5449462e;

const RECORD = profileMesg(mesgNum('RECORD'));
const KEPT = {
  [mesgNum('FILE_ID')]: 'fileIds',
  [mesgNum('SESSION')]: 'sessions',
  [mesgNum('LAP')]: 'laps',
  [mesgNum('ACTIVITY')]: 'activities',
  [mesgNum('HR')]: 'hr',
} as Record<number, 'fileIds' | 'sessions' | 'laps' | 'activities' | 'hr' | undefined>;
const TIMESTAMP_FIELD = 253;

/**
 * Record fields by the column they fill (RECORD_COLUMNS order), found by name in the SDK's
 * profile. enhanced_* come first: a valid speed/altitude written after them wins, as in the SDK,
 * where speed/altitude expand into enhanced_speed/enhanced_altitude over the full field.
 */
const RECORD_FIELD_COLUMNS: { column: number; name: string }[] = [
  { column: 2, name: 'enhancedSpeed' }, { column: 6, name: 'enhancedAltitude' },
  { column: 0, name: 'timestamp' }, { column: 1, name: 'heartRate' }, { column: 2, name: 'speed' },
  { column: 3, name: 'distance' }, { column: 4, name: 'positionLat' }, { column: 5, name: 'positionLong' },
  { column: 6, name: 'altitude' }, { column: 7, name: 'cadence' }, { column: 8, name: 'fractionalCadence' },
  { column: 9, name: 'power' }, { column: 10, name: 'activityType' },
];
const COLUMN_OF_FIELD = new Map<number, { column: number; rank: number; scale: number; offset: number }>();
RECORD_FIELD_COLUMNS.forEach(({ column, name }, rank) => {
  const f = profileField(RECORD, name);
  COLUMN_OF_FIELD.set(f.num, { column, rank, scale: firstOf(f.scale), offset: firstOf(f.offset) });
});
const SPEED = profileField(RECORD, 'speed');
/** compressed_speed_distance: 12 bits of speed then 12 bits of accumulated distance (Profile record field 8). */
const CSD = profileField(RECORD, 'compressedSpeedDistance');
const CSD_SPEED_BITS = CSD.bits[0] as number;
const CSD_DIST_BITS = CSD.bits[1] as number;
const CSD_SPEED_SCALE = (CSD.scale as number[])[0] as number;
const CSD_SPEED_OFFSET = (CSD.offset as number[])[0] as number;
const CSD_DIST_SCALE = (CSD.scale as number[])[1] as number;
const CSD_DIST_OFFSET = (CSD.offset as number[])[1] as number;
const DISTANCE = profileField(RECORD, 'distance');
if (SPEED.num !== Number(CSD.components[0]) || DISTANCE.num !== Number(CSD.components[1])) {
  throw new Error('FIT profile: compressed_speed_distance no longer expands to speed and distance');
}

interface LocalDef {
  globalNum: number;
  le: boolean;
  /** Bytes of field data (developer fields included) after the record header. */
  size: number;
  fields: FieldDef[];
  /** Byte offset of each field and developer field, for truncation positions. */
  readOffsets: number[];
  readSizes: number[];
  isRecord: boolean;
  profile: ProfileMesg | undefined;
  /** Offset and base type of a 4-byte timestamp field, or -1 (compressed timestamps roll over it). */
  tsOffset: number;
  tsBaseType: number;
  // Record layout: field offset, base type and column, plus the field's scale and offset.
  rOffset: Int32Array;
  rBase: Uint8Array;
  /** READ_* code of the entry: a byte-level reader for common little-endian types, else READ_VIEW. */
  rReader: Uint8Array;
  rColumn: Uint8Array;
  rScale: Float64Array;
  rAdd: Float64Array;
  /** 1 where the column was already written by an entry before (write only a valid value). */
  rOnlyValid: Uint8Array;
  /** Columns no field of this definition fills: NaN for every record. */
  missingColumns: Uint8Array;
  /** Offset and base type of the distance and speed fields, or -1. */
  distOffset: number;
  distBase: number;
  speedOffset: number;
  speedBase: number;
  /** Offset of compressed_speed_distance (3 bytes), or -1; and whether it precedes distance. */
  csdOffset: number;
  csdBeforeDistance: boolean;
}

class FitError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const truncated = (at: number) => new FitError(`truncated: the file ends at byte ${at}, before the data its header declares`);
const corrupted = (at: number) => new FitError(`corrupted or truncated FIT data at byte ${at}`);

/**
 * Decodes a whole (possibly chained) FIT file. `scratch`, when given, holds the record columns
 * and is reused: the returned columns are then only valid until its next use.
 */
export function decodeFitBytes(bytes: Uint8Array, scratch?: RecordColumnsBuilder): FitDecodeOutcome {
  if (!isFitAt(bytes, 0)) return { ok: false, reason: 'not a FIT file (no ".FIT" signature in the header)' };
  try {
    if (scratch) scratch.length = 0;
    return { ok: true, fit: new FitReader(bytes, scratch ?? new RecordColumnsBuilder(0)).read() };
  } catch (error) {
    if (error instanceof FitError) return { ok: false, reason: error.reason };
    // Not a format error we know of: still a reason for the user rather than a failed ingest.
    return { ok: false, reason: `the FIT decoder failed on this file (${(error as Error).message})` };
  }
}

/** The SDK's Decoder.isFIT at `pos`: header size 12/14, whole header present, '.FIT'. */
function isFitAt(bytes: Uint8Array, pos: number): boolean {
  const hs = bytes[pos];
  if (hs === undefined || !HEADER_SIZES.includes(hs)) return false;
  // The SDK compares with the whole stream's length, not what is left of it.
  if (bytes.length < hs + CRC_SIZE || pos + hs > bytes.length) return false;
  return (bytes[pos + 8]! | (bytes[pos + 9]! << 8) | (bytes[pos + 10]! << 16) | (bytes[pos + 11]! << 24)) === FIT_SIGNATURE;
}

class FitReader {
  private readonly view: DataView;
  private readonly defs: (LocalDef | undefined)[] = new Array<LocalDef | undefined>(16);
  private readonly acc = new Accumulator();
  private readonly out: { fileIds: Mesg[]; sessions: Mesg[]; laps: Mesg[]; activities: Mesg[]; hr: Mesg[] } = {
    fileIds: [], sessions: [], laps: [], activities: [], hr: [],
  };
  /** Last full timestamp and record distance accumulator (FIT Protocol §4.8.1). */
  private lastTs = 0;
  private distTotal = 0;
  private distLast = 0;
  private distSet = false;

  /** `records` is sized for real at the first record definition (see readDefinition) and grows if needed. */
  constructor(private readonly bytes: Uint8Array, private readonly records: RecordColumnsBuilder) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  read(): DecodedFit {
    const bytes = this.bytes;
    let pos = 0;
    while (pos < bytes.length) {
      if (!isFitAt(bytes, pos)) {
        // The SDK says the same of a chained header cut short by the end of the file.
        throw new FitError(`corrupted: a chained FIT file at byte ${pos} has an invalid header`);
      }
      pos = this.readFile(pos);
    }
    const records = this.records.finish();
    try {
      mergeHeartRates(this.out.hr, records.timeS, records.heartRate);
    } catch (error) {
      throw new FitError(`corrupted or truncated FIT data (${(error as Error).message.replace(/^FIT Runtime Error /, '')})`);
    }
    return { fileIds: this.out.fileIds, sessions: this.out.sessions, laps: this.out.laps, activities: this.out.activities, records };
  }

  /** One FIT file of a chain starting at `start`; returns where the next one starts. */
  private readFile(start: number): number {
    const bytes = this.bytes;
    const view = this.view;
    const hs = bytes[start] as number;
    if (hs === 14) {
      const headerCrc = view.getUint16(start + 12, true);
      if (headerCrc !== 0 && headerCrc !== crc16(bytes, start, start + 12)) {
        throw new FitError(`corrupted: checksum (CRC) mismatch at byte ${start + 12} (file header)`);
      }
    }
    const dataEnd = start + hs + view.getUint32(start + 4, true);
    let pos = start + hs;
    const len = bytes.length;
    while (pos < dataEnd) {
      if (pos >= len) throw truncated(pos);
      const header = bytes[pos] as number;
      if ((header & 0x80) !== 0) {
        // Compressed timestamp header: local type in bits 5-6, 5-bit time offset rolled over the
        // last full timestamp (FIT Protocol §4.1.2).
        const def = this.defs[(header >> 5) & 0x03];
        if (!def) throw corrupted(pos + 1);
        const ts = this.lastTs + (((header & 0x1f) - this.lastTs) & 0x1f);
        this.lastTs = ts;
        const next = pos + 1 + def.size;
        if (next > len) throw truncated(this.truncationPoint(def, pos + 1));
        if (def.isRecord) this.readRecord(def, pos + 1, ts);
        else this.readOther(def, pos + 1, ts);
        pos = next;
      } else if ((header & 0x40) !== 0) {
        pos = this.readDefinition(pos);
      } else {
        const def = this.defs[header & 0x0f];
        if (!def) throw corrupted(pos + 1);
        const next = pos + 1 + def.size;
        if (next > len) throw truncated(this.truncationPoint(def, pos + 1));
        if (def.isRecord) this.readRecord(def, pos + 1, -1);
        else this.readOther(def, pos + 1, -1);
        pos = next;
      }
    }
    if (pos + CRC_SIZE > len) throw truncated(pos);
    if (view.getUint16(pos, true) !== crc16(bytes, start, pos)) {
      throw new FitError(`corrupted: checksum (CRC) mismatch at byte ${pos + CRC_SIZE}`);
    }
    return pos + CRC_SIZE;
  }

  private readDefinition(at: number): number {
    const bytes = this.bytes;
    const len = bytes.length;
    const header = bytes[at] as number;
    // Reserved byte, architecture, global number (2), field count: the SDK reads them one by one.
    if (at + 1 >= len) throw truncated(at + 1);
    if (at + 2 >= len) throw truncated(at + 2);
    const le = bytes[at + 2] === 0;
    if (at + 5 > len) throw truncated(at + 3);
    const globalNum = this.view.getUint16(at + 3, le);
    if (at + 5 >= len) throw truncated(at + 5);
    const numFields = bytes[at + 5] as number;
    // First only find the end and check what the SDK checks; most definitions repeat one seen before.
    let pos = at + 6;
    for (let i = 0; i < numFields; i++, pos += 3) {
      if (pos + 3 > len) throw truncated(Math.max(pos, len));
      if (((bytes[pos + 2] as number) & 0x1f) >= BASE_SIZE.length) throw corrupted(pos + 3);
    }
    if ((header & 0x20) !== 0) {
      if (pos >= len) throw truncated(pos);
      const numDev = bytes[pos] as number;
      pos++;
      if (pos + 3 * numDev > len) throw truncated(len);
      pos += 3 * numDev;
    }
    const end = pos;
    const def = cachedLayout(bytes, at, end) ?? this.newLayout(at, end, header, globalNum, le, numFields);
    this.defs[header & 0x0f] = def;
    // Records are most of an activity file: no more of them fit in the rest of the bytes.
    if (def.isRecord) this.records.reserve(this.records.length + (len - end) / Math.max(def.size + 1, 8));
    return end;
  }

  private newLayout(at: number, end: number, header: number, globalNum: number, le: boolean, numFields: number): LocalDef {
    const bytes = this.bytes;
    let pos = at + 6;
    const fields: FieldDef[] = [];
    const readOffsets: number[] = [];
    const readSizes: number[] = [];
    let size = 0;
    for (let i = 0; i < numFields; i++) {
      const num = bytes[pos] as number;
      const fsize = bytes[pos + 1] as number;
      const baseType = (bytes[pos + 2] as number) & 0x1f;
      pos += 3;
      fields.push({ num, size: fsize, baseType, offset: size, profile: profileMessages[globalNum]?.fields[num] });
      readOffsets.push(size);
      readSizes.push(fsize);
      size += fsize;
    }
    if ((header & 0x20) !== 0) {
      const numDev = bytes[pos] as number;
      pos++;
      for (let i = 0; i < numDev; i++) {
        const dsize = bytes[pos + 1] as number;
        readOffsets.push(size);
        readSizes.push(dsize);
        size += dsize;
        pos += 3;
      }
    }
    const def = layout(globalNum, le, size, fields, readOffsets, readSizes);
    rememberLayout(bytes, at, end, def);
    return def;
  }

  /** A data message other than a record: kept messages are decoded, the rest only advance the clock. */
  private readOther(def: LocalDef, pos: number, compressedTs: number): void {
    if (def.tsOffset >= 0 && compressedTs < 0) {
      const t = readNumber(this.view, pos + def.tsOffset, def.tsBaseType, def.le);
      if (t === t) this.lastTs = t;
    }
    const key = KEPT[def.globalNum];
    if (key !== undefined && def.profile) {
      this.out[key].push(decodeMesg(this.view, pos, def.le, def.fields, def.profile, this.acc, compressedTs));
    }
  }

  /** The SDK reads field by field: a cut message is reported at the first field that does not fit. */
  private truncationPoint(def: LocalDef, pos: number): number {
    const len = this.bytes.length;
    for (let i = 0; i < def.readOffsets.length; i++) {
      const at = pos + (def.readOffsets[i] as number);
      if (at + (def.readSizes[i] as number) > len) return at;
    }
    return len;
  }

  /** The hot path: one record's fields straight into the columns (invalid values stay NaN). */
  private readRecord(def: LocalDef, pos: number, compressedTs: number): void {
    const view = this.view;
    const b = this.records;
    const i = b.length;
    if (i === b.capacity) b.grow();
    b.length = i + 1;
    const cols = b.cols;
    const { rOffset, rBase, rReader, rColumn, rScale, rAdd, rOnlyValid, missingColumns, le } = def;
    const u8 = this.bytes;
    for (let k = 0; k < missingColumns.length; k++) (cols[missingColumns[k] as number] as Float64Array)[i] = NaN;
    for (let k = 0; k < rOffset.length; k++) {
      const p = pos + (rOffset[k] as number);
      let v: number;
      // Little-endian integers straight from the bytes (most files); the rest through the DataView.
      switch (rReader[k]) {
        case READ_U8: {
          const x = u8[p] as number;
          v = x === 0xff ? NaN : x;
          break;
        }
        case READ_U16LE: {
          const x = (u8[p] as number) | ((u8[p + 1] as number) << 8);
          v = x === 0xffff ? NaN : x;
          break;
        }
        case READ_U32LE: {
          const x = (u8[p] as number) | ((u8[p + 1] as number) << 8) | ((u8[p + 2] as number) << 16) | ((u8[p + 3] as number) << 24);
          v = x === -1 ? NaN : x >>> 0;
          break;
        }
        case READ_S32LE: {
          const x = (u8[p] as number) | ((u8[p + 1] as number) << 8) | ((u8[p + 2] as number) << 16) | ((u8[p + 3] as number) << 24);
          v = x === 0x7fffffff ? NaN : x;
          break;
        }
        default:
          v = readNumber(view, p, rBase[k] as number, le);
      }
      if (v === v) (cols[rColumn[k] as number] as Float64Array)[i] = v / (rScale[k] as number) - (rAdd[k] as number);
      else if (rOnlyValid[k] === 0) (cols[rColumn[k] as number] as Float64Array)[i] = NaN;
    }
    const times = cols[0] as Float64Array;
    const t = times[i] as number;
    if (compressedTs >= 0) {
      if (t !== t) times[i] = compressedTs;
    } else if (t === t) {
      this.lastTs = t;
    }
    if (def.csdOffset >= 0) this.readCompressedSpeedDistance(def, pos, i);
    else if (def.distOffset >= 0) {
      // distance is accumulated (Profile isAccumulated): a full value restarts the accumulator
      // in its raw units, as in the SDK, for compressed 12-bit distances that may follow.
      const raw = readNumber(view, pos + def.distOffset, def.distBase, le);
      if (raw === raw) this.restartDistance(raw);
    }
  }

  private restartDistance(value: number): void {
    this.distTotal = value;
    this.distLast = value;
    this.distSet = true;
  }

  /** Older devices' record field 8 (FIT Protocol §4.8.1 example): 12-bit speed and rolled-over distance. */
  private readCompressedSpeedDistance(def: LocalDef, pos: number, i: number): void {
    const view = this.view;
    const cols = this.records.cols;
    const csdValid = this.csdValid(pos + def.csdOffset);
    if (def.distOffset >= 0) {
      const raw = readNumber(view, pos + def.distOffset, def.distBase, def.le);
      if (raw === raw) {
        // When compressed_speed_distance comes first the SDK crashes; this is what it means to do.
        this.restartDistance(def.csdBeforeDistance && csdValid
          ? (raw / firstOf(DISTANCE.scale) - firstOf(DISTANCE.offset) + CSD_DIST_OFFSET) * CSD_DIST_SCALE
          : raw);
      }
    }
    if (!csdValid) return;
    const p = pos + def.csdOffset;
    const bits = this.bytes[p]! | (this.bytes[p + 1]! << 8) | (this.bytes[p + 2]! << 16);
    const speedBits = bits & ((1 << CSD_SPEED_BITS) - 1);
    const distBits = (bits >>> CSD_SPEED_BITS) & ((1 << CSD_DIST_BITS) - 1);
    if (!this.distSet) this.restartDistance(distBits);
    this.distTotal += (distBits - this.distLast) & ((1 << CSD_DIST_BITS) - 1);
    this.distLast = distBits;
    (cols[3] as Float64Array)[i] = this.distTotal / CSD_DIST_SCALE - CSD_DIST_OFFSET;
    // A full speed field in the same record still wins for enhanced_speed (the SDK expands it first).
    const fullSpeed = def.speedOffset >= 0 ? readNumber(view, pos + def.speedOffset, def.speedBase, def.le) : NaN;
    if (fullSpeed !== fullSpeed) (cols[2] as Float64Array)[i] = speedBits / CSD_SPEED_SCALE - CSD_SPEED_OFFSET;
  }

  private csdValid(p: number): boolean {
    const b = this.bytes;
    return !(b[p] === 0xff && b[p + 1] === 0xff && b[p + 2] === 0xff);
  }
}

/**
 * Layouts by definition bytes (local type aside), shared by all files: watches repeat the same
 * definitions at every lap and in every activity. FNV-1a hash, bytes compared on a hit.
 */
const LAYOUTS = new Map<number, { key: Uint8Array; def: LocalDef }[]>();
const MAX_LAYOUTS = 1024;

function definitionHash(bytes: Uint8Array, at: number, end: number): number {
  let h = Math.imul(0x811c9dc5 ^ ((bytes[at] as number) & 0x20), 16777619);
  for (let i = at + 1; i < end; i++) h = Math.imul(h ^ (bytes[i] as number), 16777619);
  return h >>> 0;
}

function sameDefinition(key: Uint8Array, bytes: Uint8Array, at: number, end: number): boolean {
  if (key.length !== end - at || ((key[0] as number) & 0x20) !== ((bytes[at] as number) & 0x20)) return false;
  for (let i = 1; i < key.length; i++) if (key[i] !== bytes[at + i]) return false;
  return true;
}

function cachedLayout(bytes: Uint8Array, at: number, end: number): LocalDef | undefined {
  for (const e of LAYOUTS.get(definitionHash(bytes, at, end)) ?? []) if (sameDefinition(e.key, bytes, at, end)) return e.def;
  return undefined;
}

function rememberLayout(bytes: Uint8Array, at: number, end: number, def: LocalDef): void {
  if (LAYOUTS.size >= MAX_LAYOUTS) LAYOUTS.clear();
  const h = definitionHash(bytes, at, end);
  const list = LAYOUTS.get(h) ?? [];
  list.push({ key: bytes.slice(at, end), def });
  LAYOUTS.set(h, list);
}

function layout(globalNum: number, le: boolean, size: number, fields: FieldDef[], readOffsets: number[], readSizes: number[]): LocalDef {
    const profile = profileMessages[globalNum];
    const isRecord = globalNum === RECORD.num;
    let tsOffset = -1;
    let tsBaseType = 0;
    const layout: { offset: number; base: number; column: number; rank: number; scale: number; add: number }[] = [];
    let csdOffset = -1;
    let distOffset = -1;
    let distBase = 0;
    let speedOffset = -1;
    let speedBase = 0;
    let distanceSeen = false;
    let csdBeforeDistance = false;
    for (const f of fields) {
      const bsize = BASE_SIZE[f.baseType] as number;
      const numeric = f.baseType !== BASE.STRING && (bsize <= 4 || f.baseType === BASE.FLOAT64) && f.size >= bsize && f.size % bsize === 0;
      if (f.num === TIMESTAMP_FIELD && numeric && bsize === 4 && f.baseType !== BASE.FLOAT32) {
        tsOffset = f.offset;
        tsBaseType = f.baseType;
      }
      if (!isRecord) continue;
      if (f.num === CSD.num) {
        if (f.baseType === BASE.BYTE && f.size === 3) {
          csdOffset = f.offset;
          csdBeforeDistance = !distanceSeen;
        }
        continue;
      }
      const col = COLUMN_OF_FIELD.get(f.num);
      if (!col || !numeric) continue;
      if (f.num === DISTANCE.num) {
        distanceSeen = true;
        distOffset = f.offset;
        distBase = f.baseType;
      }
      if (f.num === SPEED.num) {
        speedOffset = f.offset;
        speedBase = f.baseType;
      }
      layout.push({ offset: f.offset, base: f.baseType, column: col.column, rank: col.rank, scale: col.scale, add: col.offset });
    }
    layout.sort((a, b) => a.rank - b.rank);
    const seen = new Set<number>();
    const rOnlyValid = Uint8Array.from(layout, (l) => (seen.has(l.column) ? 1 : (seen.add(l.column), 0)));
    const missingColumns = Uint8Array.from(RECORD_COLUMNS.keys()).filter((c) => !seen.has(c));
    return {
      globalNum, le, size, fields, readOffsets, readSizes, isRecord, profile, tsOffset, tsBaseType,
      rOffset: Int32Array.from(layout, (l) => l.offset), rBase: Uint8Array.from(layout, (l) => l.base),
      rReader: Uint8Array.from(layout, (l) => readerFor(l.base, le)),
      rColumn: Uint8Array.from(layout, (l) => l.column), rScale: Float64Array.from(layout, (l) => l.scale),
      rAdd: Float64Array.from(layout, (l) => l.add), rOnlyValid, missingColumns, distOffset, distBase, speedOffset, speedBase, csdOffset, csdBeforeDistance,
  };
}

const READ_VIEW = 0;
const READ_U8 = 1;
const READ_U16LE = 2;
const READ_U32LE = 3;
const READ_S32LE = 4;

function readerFor(baseType: number, le: boolean): number {
  if (baseType === BASE.UINT8 || baseType === BASE.ENUM) return READ_U8;
  if (!le) return READ_VIEW;
  if (baseType === BASE.UINT16) return READ_U16LE;
  if (baseType === BASE.UINT32) return READ_U32LE;
  if (baseType === BASE.SINT32) return READ_S32LE;
  return READ_VIEW;
}

/** One value of a 1/2/4-byte base type, NaN when it is the type's invalid value (as the SDK's null). */
function readNumber(view: DataView, pos: number, baseType: number, le: boolean): number {
  let v: number;
  switch (baseType) {
    case BASE.SINT8: v = view.getInt8(pos); break;
    case BASE.SINT16: v = view.getInt16(pos, le); break;
    case BASE.UINT16: case BASE.UINT16Z: v = view.getUint16(pos, le); break;
    case BASE.SINT32: v = view.getInt32(pos, le); break;
    case BASE.UINT32: case BASE.UINT32Z: v = view.getUint32(pos, le); break;
    case BASE.FLOAT32: return view.getFloat32(pos, le);
    case BASE.FLOAT64: return view.getFloat64(pos, le);
    default: v = view.getUint8(pos);
  }
  return v === BASE_INVALID[baseType] ? NaN : v;
}

/**
 * CRC-16 of the FIT Protocol (§3.3.2; CRC-16/ARC, polynomial 0xA001 reflected). Sliced by 8
 * (Intel's slicing-by-8, Kounavis & Berry 2005): table k holds the CRC of a byte followed by k
 * zero bytes, so 8 bytes cost 8 independent lookups instead of a chain of 8.
 */
const CRC_TABLES = (() => {
  const t = new Uint16Array(8 * 256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
    t[i] = c;
  }
  for (let k = 1; k < 8; k++) {
    for (let i = 0; i < 256; i++) {
      const prev = t[(k - 1) * 256 + i] as number;
      t[k * 256 + i] = (prev >>> 8) ^ (t[prev & 0xff] as number);
    }
  }
  return t;
})();

export function crc16(bytes: Uint8Array, from: number, to: number): number {
  const t = CRC_TABLES;
  let crc = 0;
  let i = from;
  for (const end8 = to - 7; i < end8; i += 8) {
    crc = (t[7 * 256 + ((crc ^ bytes[i]!) & 0xff)] as number) ^ (t[6 * 256 + (((crc >>> 8) ^ bytes[i + 1]!) & 0xff)] as number)
      ^ (t[5 * 256 + bytes[i + 2]!] as number) ^ (t[4 * 256 + bytes[i + 3]!] as number)
      ^ (t[3 * 256 + bytes[i + 4]!] as number) ^ (t[2 * 256 + bytes[i + 5]!] as number)
      ^ (t[256 + bytes[i + 6]!] as number) ^ (t[bytes[i + 7]!] as number);
  }
  for (; i < to; i++) crc = (crc >>> 8) ^ (t[(crc ^ bytes[i]!) & 0xff] as number);
  return crc;
}
