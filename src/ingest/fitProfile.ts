import { Profile, Utils } from '@garmin/fitsdk';

/**
 * The parts of @garmin/fitsdk's generated Profile (and FIT base types) that fitbook's own
 * decoder reads. Message and field numbers, names, scales, offsets, components and enum
 * strings always come from the SDK's tables; only the base-type sizes and invalid values,
 * which are part of the FIT protocol rather than the profile, are listed here (FIT SDK
 * fit.js BaseTypeDefinitions; FIT Protocol doc §4.2.1.4).
 */

export interface ProfileSubField {
  name: string;
  type: string;
  scale: number | number[];
  offset: number | number[];
  bits: number[];
  components: string[];
  hasComponents: boolean;
  map: { name: string; value: number }[];
}

export interface ProfileField {
  num: number;
  name: string;
  type: string;
  array: boolean;
  scale: number | number[];
  offset: number | number[];
  bits: number[];
  components: string[];
  isAccumulated: boolean;
  hasComponents: boolean;
  subFields: ProfileSubField[];
}

export interface ProfileMesg {
  num: number;
  name: string;
  messagesKey: string;
  fields: Record<number, ProfileField | undefined>;
}

const P = Profile as unknown as {
  messages: Record<number, ProfileMesg | undefined>;
  types: Record<string, Record<number, string> | undefined>;
  MesgNum: Record<string, number | undefined>;
};

export const profileMessages = P.messages;
export const profileTypes = P.types;

export function mesgNum(name: string): number {
  const n = P.MesgNum[name];
  if (n === undefined) throw new Error(`FIT profile has no message ${name}`);
  return n;
}

export function profileMesg(num: number): ProfileMesg {
  const m = P.messages[num];
  if (!m) throw new Error(`FIT profile has no message ${num}`);
  return m;
}

/** A field of a message by its SDK (camelCase) name. */
export function profileField(mesg: ProfileMesg, name: string): ProfileField {
  for (const f of Object.values(mesg.fields)) if (f?.name === name) return f;
  throw new Error(`FIT profile message ${mesg.name} has no field ${name}`);
}

/** Profile field type name -> base type number (SDK Utils.FieldTypeToBaseType; enum -> uint8). */
export const fieldTypeToBaseType = Utils.FieldTypeToBaseType as unknown as Record<string, number | undefined>;

export const BASE = {
  ENUM: 0, SINT8: 1, UINT8: 2, SINT16: 3, UINT16: 4, SINT32: 5, UINT32: 6, STRING: 7,
  FLOAT32: 8, FLOAT64: 9, UINT8Z: 10, UINT16Z: 11, UINT32Z: 12, BYTE: 13, SINT64: 14, UINT64: 15, UINT64Z: 16,
} as const;

/** Bytes per value, indexed by base type number (FIT Protocol §4.2.1.4). */
export const BASE_SIZE = Uint8Array.from([1, 1, 1, 2, 2, 4, 4, 1, 4, 8, 1, 2, 4, 1, 8, 8, 8]);

/**
 * The invalid value of each base type as the SDK compares it (fit.js): a number, compared with
 * `===` against the value read, so float and 64-bit invalids never match (the SDK keeps them;
 * 0xFFFFFFFFFFFFFFFF and 0x7FFFFFFFFFFFFFFF are the doubles 2^64 and 2^63 in JS).
 */
export const BASE_INVALID: readonly number[] = [
  0xff, 0x7f, 0xff, 0x7fff, 0xffff, 0x7fffffff, 0xffffffff, 0x00, 0xffffffff, 2 ** 64,
  0x00, 0x0000, 0x00000000, 0xff, 2 ** 63, 2 ** 64, 0,
];

/** Profile types the SDK scales as numbers (fit.js NumericFieldTypes: base types but enum and string). */
export function isNumericType(type: string): boolean {
  return type !== 'enum' && type !== 'string' && fieldTypeToBaseType[type] !== undefined;
}

export function firstOf(v: number | number[]): number {
  return Array.isArray(v) ? (v[0] as number) : v;
}
