import {
  BASE, BASE_INVALID, BASE_SIZE, fieldTypeToBaseType, firstOf, isNumericType, profileTypes,
  type ProfileField, type ProfileMesg, type ProfileSubField,
} from './fitProfile';

/**
 * Generic decoding of the few non-record messages fitbook keeps (file_id, session, lap,
 * activity, hr) into objects of exactly @garmin/fitsdk's shape, so `rawJson` and every mapped
 * field are what the SDK gives: camelCase names, scale/offset applied, enum strings, date_time
 * as Date, subfields, component expansion, arrays, invalid values omitted. Each step follows the
 * SDK's decoder.js (#decodeMessage, #expandSubFields, #expandComponents, #transformValues) and
 * stream.js (readValue); these messages are few, so clarity wins over speed here.
 */

export type Mesg = Record<string, unknown>;
type Raw = number | bigint | string | null | (number | bigint | null)[];

const FIT_EPOCH_MS = 631_065_600_000;
const textDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** FIT accumulated fields (Profile isAccumulated), keyed by message and field number, across chained files as in the SDK. */
export class Accumulator {
  private readonly fields = new Map<number, { total: number; last: number }>();

  create(mesg: number, field: number, value: number): void {
    this.fields.set(mesg * 256 + field, { total: value, last: value });
  }

  /** FIT Protocol §4.8.1: add the rolled-over difference of the low `bits` bits. */
  accumulate(mesg: number, field: number, value: number, bits: number): number {
    let f = this.fields.get(mesg * 256 + field);
    if (!f) {
      f = { total: value, last: value };
      this.fields.set(mesg * 256 + field, f);
    }
    // Same arithmetic as the SDK's Accumulator (32-bit mask via `1 << bits`).
    f.total += (value - f.last) & ((1 << bits) - 1);
    f.last = value;
    return f.total;
  }
}

/** One value read as stream.js readValue does (invalid -> null, arrays per the profile). */
export function readRaw(view: DataView, pos: number, baseType: number, size: number, le: boolean, isArray: boolean): Raw {
  const bsize = BASE_SIZE[baseType] as number;
  if (size % bsize !== 0) return null;
  if (baseType === BASE.STRING) {
    const s = textDecoder.decode(new Uint8Array(view.buffer, view.byteOffset + pos, size)).replace(/\uFFFD/g, '');
    const parts = s.split('\0');
    while (parts[parts.length - 1] === '') parts.pop();
    return parts.length === 0 ? null : (parts[0] as string);
  }
  const invalid = BASE_INVALID[baseType] as number;
  const count = size / bsize;
  if (count === 1) {
    const v = readOne(view, pos, baseType, le);
    if (v === invalid) return null;
    return isArray ? [v] : v;
  }
  let values: (number | bigint | null)[] = [];
  let allInvalid = true;
  for (let i = 0; i < count; i++) {
    const v = readOne(view, pos + i * bsize, baseType, le);
    if (v !== invalid) allInvalid = false;
    values.push(v);
  }
  if (allInvalid) return null;
  if (baseType !== BASE.BYTE) values = values.map((v) => (v === invalid ? null : v));
  if (values.every((v) => v === null)) return null;
  return isArray ? values : (values[0] as number | bigint | null);
}

function readOne(view: DataView, pos: number, baseType: number, le: boolean): number | bigint {
  switch (baseType) {
    case BASE.SINT8: return view.getInt8(pos);
    case BASE.SINT16: return view.getInt16(pos, le);
    case BASE.UINT16: case BASE.UINT16Z: return view.getUint16(pos, le);
    case BASE.SINT32: return view.getInt32(pos, le);
    case BASE.UINT32: case BASE.UINT32Z: return view.getUint32(pos, le);
    case BASE.FLOAT32: return view.getFloat32(pos, le);
    case BASE.FLOAT64: return view.getFloat64(pos, le);
    case BASE.SINT64: return view.getBigInt64(pos, le);
    case BASE.UINT64: case BASE.UINT64Z: return view.getBigUint64(pos, le);
    default: return view.getUint8(pos);
  }
}

const POW2 = Float64Array.from({ length: 65 }, (_, i) => 2 ** i);

/** LSB-first bit reader over an array of values of one base type (the SDK's BitStream). */
class BitReader {
  private index = 0;
  private bit = 0;
  bitsAvailable: number;

  constructor(private readonly values: readonly (number | bigint | null)[], private readonly bitsPerValue: number) {
    this.bitsAvailable = values.length * bitsPerValue;
  }

  read(n: number): number {
    let out = 0;
    let shift = 0;
    while (shift < n) {
      if (this.bit >= this.bitsPerValue) { this.index++; this.bit = 0; }
      const v = this.values[this.index] ?? 0;
      const take = Math.min(n - shift, this.bitsPerValue - this.bit);
      // Number values: the bits of their 32-bit pattern, as the SDK's `& 1` / `>>= 1` see them.
      const chunk = typeof v === 'bigint'
        ? Number((v >> BigInt(this.bit)) & ((1n << BigInt(take)) - 1n))
        : take === 32 ? v >>> 0 : (v >>> this.bit) & ((POW2[take] as number) - 1);
      out += chunk * (POW2[shift] as number);
      shift += take;
      this.bit += take;
      this.bitsAvailable -= take;
    }
    return out;
  }
}

export interface FieldDef {
  num: number;
  size: number;
  baseType: number;
  /** Byte offset inside the message content. */
  offset: number;
  /** The field in the message's profile, if it has one. */
  profile: ProfileField | undefined;
}

interface Entry {
  raw: Raw;
  num: number;
  sub: ProfileSubField | null;
  expanded: boolean;
  value?: unknown;
}

interface Expansion {
  values: unknown[];
  raws: number[];
  num: number;
  isArray: boolean;
  invalid: number;
}

/** Decodes one message of a profile-known kind at `pos`; `compressedTs` is the timestamp of a compressed header, else -1. */
export function decodeMesg(
  view: DataView, pos: number, le: boolean, fields: readonly FieldDef[], profile: ProfileMesg,
  acc: Accumulator, compressedTs: number,
): Mesg {
  // A Map keeps the SDK's key order (insertion; re-set keys stay in place) without building a hidden class per key sequence.
  const message = new Map<string, Entry>();
  const withSubFields: ProfileField[] = [];
  const toExpand: string[] = [];
  if (compressedTs >= 0 && profile.fields[253]) message.set((profile.fields[253] as ProfileField).name, { raw: compressedTs, num: 253, sub: null, expanded: false });
  for (const fd of fields) {
    const field = fd.profile;
    const raw = readRaw(view, pos + fd.offset, fd.baseType, fd.size, le, field ? field.array : fd.size > (BASE_SIZE[fd.baseType] as number));
    if (raw === null || !field) continue;
    message.set(field.name, { raw, num: fd.num, sub: null, expanded: false });
    if (field.subFields.length > 0) withSubFields.push(field);
    if (field.hasComponents) toExpand.push(field.name);
    if (field.isAccumulated) setAccumulated(profile, message, field, raw, acc);
  }
  for (const field of withSubFields) expandSubField(message, field, toExpand);
  expandComponents(profile, message, toExpand, acc);

  const out: Mesg = {};
  for (const [name, e] of message) out[name] = e.expanded ? e.value : transform(e.sub ?? profile.fields[e.num], e.raw);
  return out;
}

function setAccumulated(profile: ProfileMesg, message: Map<string, Entry>, field: ProfileField, raw: Raw, acc: Accumulator): void {
  const values = Array.isArray(raw) ? raw : [raw];
  for (let value of values) {
    if (typeof value !== 'number') continue;
    for (const entry of message.values()) {
      const containing = profile.fields[entry.num];
      containing?.components.forEach((c, i) => {
        const target = profile.fields[Number(c)];
        if (target?.num === field.num && target.isAccumulated) {
          // The value in the containing component's units, so later component values roll
          // over it. (@garmin/fitsdk 21.217 reads the offset/scale from the wrong object here
          // and throws "Cannot read properties of undefined (reading '0')", e.g. on Forerunner
          // 255 multisport files; this is the computation it intends.)
          value = ((value as number) / firstOf(field.scale) - firstOf(field.offset) + ((containing.offset as number[])[i] ?? 0)) * ((containing.scale as number[])[i] ?? 1);
        }
      });
    }
    acc.create(profile.num, field.num, value);
  }
}

function expandSubField(message: Map<string, Entry>, field: ProfileField, toExpand: string[]): void {
  for (const sub of field.subFields) {
    for (const map of sub.map) {
      const ref = message.get(map.name);
      if (ref && ref.raw === map.value) {
        const src = message.get(field.name) as Entry;
        message.set(sub.name, { raw: Array.isArray(src.raw) ? [...src.raw] : src.raw, num: src.num, sub, expanded: false });
        if (sub.hasComponents) toExpand.push(sub.name);
        break;
      }
    }
  }
}

function expandComponents(profile: ProfileMesg, message: Map<string, Entry>, toExpand: string[], acc: Accumulator): void {
  if (toExpand.length === 0) return;
  const expansions: Record<string, Expansion> = {};
  // The profile's components form no cycle; the bound only guarantees the loop ends.
  for (let q = 0; q < toExpand.length && q < 1024; q++) {
    const name = toExpand[q] as string;
    const entry = message.get(name);
    let raw: Raw;
    let field: ProfileField | ProfileSubField | undefined;
    if (entry) {
      raw = entry.raw;
      field = entry.sub ?? profile.fields[entry.num];
    } else {
      const x = expansions[name] as Expansion;
      raw = x.raws;
      field = profile.fields[x.num];
    }
    if (!field || !field.hasComponents) continue;
    const baseType = fieldTypeToBaseType[field.type];
    if (baseType === undefined) continue;
    const invalid = BASE_INVALID[baseType] as number;
    const rawValues = Array.isArray(raw) ? raw : [raw as number | bigint | null];
    if (rawValues.every((v) => v === invalid)) continue;
    const bits = new BitReader(rawValues, (BASE_SIZE[baseType] as number) * 8);
    const scales = Array.isArray(field.scale) ? field.scale : [field.scale];
    const offsets = Array.isArray(field.offset) ? field.offset : [field.offset];
    for (let j = 0; j < field.components.length; j++) {
      const nBits = field.bits[j] as number;
      if (bits.bitsAvailable < nBits) break;
      const target = profile.fields[Number(field.components[j])];
      if (!target) break;
      let x = expansions[target.name];
      if (!x) {
        const tb = fieldTypeToBaseType[target.type];
        x = { values: [], raws: [], num: target.num, isArray: target.array, invalid: tb !== undefined ? (BASE_INVALID[tb] as number) : 0xff };
        expansions[target.name] = x;
      }
      let value = bits.read(nBits);
      if (target.isAccumulated) value = acc.accumulate(profile.num, target.num, value, nBits);
      // Undo the component's scale/offset, then the target's raw value in its own units.
      value = value / (scales[j] ?? 1) - (offsets[j] ?? 0);
      const rawValue = (value + firstOf(target.offset)) * firstOf(target.scale);
      x.raws.push(rawValue);
      x.values.push(rawValue === x.invalid ? null : typeString(target, value));
      if (target.hasComponents) toExpand.push(target.name);
      if (bits.bitsAvailable <= 0) break;
    }
  }
  for (const name in expansions) {
    const x = expansions[name] as Expansion;
    const value = x.values.every((v) => v === null || v === undefined) ? null : x.isArray ? x.values : x.values[0];
    message.set(name, { raw: null, num: x.num, sub: null, expanded: true, value });
  }
}

function typeString(field: { type: string }, value: unknown): unknown {
  if (isNumericType(field.type)) return value;
  const table = profileTypes[field.type];
  if (Array.isArray(value)) return value.map((v: unknown) => (v === null || v === undefined ? v : table?.[v as number] ?? v));
  return table?.[value as number] ?? value;
}

/** Per profile field: [scale, offset] for numbers, false for multi-scale numbers (kept raw), null otherwise. */
const TRANSFORMS = new WeakMap<ProfileField | ProfileSubField, [number, number] | false | null>();

/** The SDK's #transformValue: scale/offset for numbers, Date for date_time, strings for enums. */
function transform(field: ProfileField | ProfileSubField | undefined, raw: Raw): unknown {
  if (!field) return raw;
  if (typeof raw === 'number' && field.type !== 'dateTime') {
    // The common case, with the field's kind worked out once (same arithmetic as below).
    let kind = TRANSFORMS.get(field);
    if (kind === undefined) {
      kind = !isNumericType(field.type) ? null : Array.isArray(field.scale) && field.scale.length > 1 ? false : [firstOf(field.scale), firstOf(field.offset)];
      TRANSFORMS.set(field, kind);
    }
    if (kind === false) return raw;
    if (kind !== null) return raw / kind[0] - kind[1];
  }
  if (isNumericType(field.type)) {
    if (raw === null) return raw;
    if (Array.isArray(field.scale) && field.scale.length > 1) return raw;
    const scale = firstOf(field.scale);
    const offset = firstOf(field.offset);
    if (Array.isArray(raw)) {
      if (raw.some((v) => typeof v === 'bigint')) return raw;
      return raw.map((v) => (v === null ? v : (v as number) / scale - offset));
    }
    if (typeof raw === 'bigint') return raw;
    return (raw as number) / scale - offset;
  }
  if (field.type === 'string') return raw;
  if (field.type === 'dateTime') return new Date(Number(raw ?? 0) * 1000 + FIT_EPOCH_MS);
  return typeString(field, raw);
}
