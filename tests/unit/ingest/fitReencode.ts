import { crc16 } from '../../../src/ingest/fitDecode';

/**
 * Re-encodings of a valid FIT file for decoder tests: the same messages written with big-endian
 * definitions, or with compressed-timestamp record headers, or chained; plus damage helpers that
 * keep the CRCs right so the damage itself is what a decoder meets. Writes FIT as the FIT
 * Protocol document describes it (§3 header and CRC, §4 definitions and compressed headers).
 */

interface FieldDef { num: number; size: number; baseType: number }
interface Definition { arch: number; global: number; fields: FieldDef[]; devFields: Uint8Array; hasDev: boolean }
type Message =
  | { kind: 'definition'; local: number; def: Definition }
  | { kind: 'data'; local: number; def: Definition; content: Uint8Array };
interface FitPart { header: Uint8Array; messages: Message[] }

const BASE_SIZE = [1, 1, 1, 2, 2, 4, 4, 1, 4, 8, 1, 2, 4, 1, 8, 8, 8];

/** Splits a valid (possibly chained) FIT file into its files and messages. */
export function parseFit(bytes: Uint8Array): FitPart[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: FitPart[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const hs = bytes[pos] as number;
    const end = pos + hs + view.getUint32(pos + 4, true);
    const header = bytes.slice(pos, pos + hs);
    const defs: Definition[] = [];
    const messages: Message[] = [];
    pos += hs;
    while (pos < end) {
      const h = bytes[pos] as number;
      if (h & 0x80) {
        const local = (h >> 5) & 3;
        const def = defs[local] as Definition;
        messages.push({ kind: 'data', local, def, content: bytes.slice(pos + 1, pos + 1 + size(def)) });
        pos += 1 + size(def);
      } else if (h & 0x40) {
        const arch = bytes[pos + 2] as number;
        const global = view.getUint16(pos + 3, arch === 0);
        const n = bytes[pos + 5] as number;
        const fields: FieldDef[] = [];
        for (let i = 0; i < n; i++) {
          const at = pos + 6 + 3 * i;
          fields.push({ num: bytes[at] as number, size: bytes[at + 1] as number, baseType: bytes[at + 2] as number });
        }
        let next = pos + 6 + 3 * n;
        let devFields = new Uint8Array(0);
        const hasDev = (h & 0x20) !== 0;
        if (hasDev) {
          const nd = bytes[next] as number;
          devFields = bytes.slice(next, next + 1 + 3 * nd);
          next += 1 + 3 * nd;
        }
        const def = { arch, global, fields, devFields, hasDev };
        defs[h & 0x0f] = def;
        messages.push({ kind: 'definition', local: h & 0x0f, def });
        pos = next;
      } else {
        const def = defs[h & 0x0f] as Definition;
        messages.push({ kind: 'data', local: h & 0x0f, def, content: bytes.slice(pos + 1, pos + 1 + size(def)) });
        pos += 1 + size(def);
      }
    }
    parts.push({ header, messages });
    pos = end + 2;
  }
  return parts;
}

function size(def: Definition): number {
  let n = def.fields.reduce((s, f) => s + f.size, 0);
  for (let i = 0; i + 2 < def.devFields.length; i += 3) n += def.devFields[i + 2] as number;
  return n;
}

class Out {
  private chunks: number[] = [];
  bytes(b: ArrayLike<number>) {
    for (let i = 0; i < b.length; i++) this.chunks.push(b[i] as number);
  }
  definition(local: number, def: Definition) {
    const le = def.arch === 0;
    this.bytes([0x40 | (def.hasDev ? 0x20 : 0) | local, 0, def.arch, le ? def.global & 0xff : def.global >> 8, le ? def.global >> 8 : def.global & 0xff, def.fields.length]);
    for (const f of def.fields) this.bytes([f.num, f.size, f.baseType]);
    this.bytes(def.devFields);
  }
  get length() {
    return this.chunks.length;
  }
  take(): number[] {
    const c = this.chunks;
    this.chunks = [];
    return c;
  }
}

/** Writes files back with fresh data sizes, header CRCs (when the header has one) and file CRCs. */
function writeParts(parts: { header: Uint8Array; body: number[] }[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.header.length + p.body.length + 2, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let pos = 0;
  for (const p of parts) {
    const start = pos;
    out.set(p.header, pos);
    view.setUint32(pos + 4, p.body.length, true);
    if (p.header.length === 14) view.setUint16(pos + 12, crc16(out, pos, pos + 12), true);
    pos += p.header.length;
    out.set(p.body, pos);
    pos += p.body.length;
    view.setUint16(pos, crc16(out, start, pos), true);
    pos += 2;
  }
  return out;
}

/** Every definition big-endian (architecture 1) and every multi-byte field value byte-swapped. */
export function toBigEndian(bytes: Uint8Array): Uint8Array {
  return writeParts(parseFit(bytes).map((part) => {
    const out = new Out();
    for (const m of part.messages) {
      const big = { ...m.def, arch: 1 };
      if (m.kind === 'definition') {
        out.definition(m.local, big);
        continue;
      }
      const content = m.content.slice();
      let at = 0;
      for (const f of m.def.fields) {
        const bs = BASE_SIZE[f.baseType & 0x1f] ?? 1;
        if (m.def.arch === 0 && bs > 1 && f.size % bs === 0) {
          for (let v = at; v < at + f.size; v += bs) content.subarray(v, v + bs).reverse();
        }
        at += f.size;
      }
      out.bytes([m.local]);
      out.bytes(content);
    }
    return { header: part.header, body: out.take() };
  }));
}

const RECORD = 20;
const TIMESTAMP = 253;

/**
 * Record messages whose timestamp is 0..31 s after the last full timestamp are written with a
 * compressed-timestamp header (local type 3, a definition without the timestamp field); every
 * other message keeps its full timestamp. Definitions are re-emitted whenever a local type is
 * needed for something else.
 */
export function toCompressedTimestamps(bytes: Uint8Array): { bytes: Uint8Array; compressed: number } {
  let compressed = 0;
  const parts = parseFit(bytes).map((part) => {
    const out = new Out();
    const current: (Definition | undefined)[] = [];
    const stripped = new Map<Definition, { def: Definition; tsAt: number; tsSize: number }>();
    let lastTs = -1;
    const ensure = (local: number, def: Definition) => {
      if (current[local] !== def) {
        out.definition(local, def);
        current[local] = def;
      }
    };
    for (const m of part.messages) {
      if (m.kind === 'definition') continue;
      const le = m.def.arch === 0;
      const view = new DataView(m.content.buffer, m.content.byteOffset, m.content.byteLength);
      let at = 0;
      let ts = -1;
      let tsAt = -1;
      for (const f of m.def.fields) {
        if (f.num === TIMESTAMP && f.size === 4) {
          const v = view.getUint32(at, le);
          if (v !== 0xffffffff) {
            ts = v;
            tsAt = at;
          }
        }
        at += f.size;
      }
      if (m.def.global === RECORD && ts >= 0 && lastTs >= 0 && ts - lastTs >= 0 && ts - lastTs < 32) {
        let s = stripped.get(m.def);
        if (!s) {
          s = { def: { ...m.def, fields: m.def.fields.filter((f) => f.num !== TIMESTAMP) }, tsAt, tsSize: 4 };
          stripped.set(m.def, s);
        }
        ensure(3, s.def);
        out.bytes([0x80 | (3 << 5) | (ts & 0x1f)]);
        out.bytes(m.content.subarray(0, tsAt));
        out.bytes(m.content.subarray(tsAt + 4));
        compressed++;
      } else {
        ensure(m.local, m.def);
        out.bytes([m.local]);
        out.bytes(m.content);
      }
      if (ts >= 0) lastTs = ts;
    }
    return { header: part.header, body: out.take() };
  });
  return { bytes: writeParts(parts), compressed };
}

/** `copies` chained copies of a file. */
export function chain(bytes: Uint8Array, copies: number): Uint8Array {
  const out = new Uint8Array(bytes.length * copies);
  for (let i = 0; i < copies; i++) out.set(bytes, i * bytes.length);
  return out;
}

/** The file with `insert` placed before the first message of its first file; sizes and CRCs fixed. */
export function insertAtDataStart(bytes: Uint8Array, insert: number[]): Uint8Array {
  const hs = bytes[0] as number;
  const dataSize = new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true);
  const body = [...insert, ...bytes.subarray(hs, hs + dataSize)];
  const first = writeParts([{ header: bytes.slice(0, hs), body }]);
  const rest = bytes.subarray(hs + dataSize + 2);
  const out = new Uint8Array(first.length + rest.length);
  out.set(first);
  out.set(rest, first.length);
  return out;
}

/** A copy with a wrong header CRC (file CRC recomputed so only the header CRC is wrong). */
export function withBadHeaderCrc(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  const hs = out[0] as number;
  if (hs !== 14) throw new Error('no header CRC in a 12-byte header');
  view.setUint16(12, view.getUint16(12, true) ^ 0x5a5a || 1, true);
  const end = hs + view.getUint32(4, true);
  view.setUint16(end, crc16(out, 0, end), true);
  return out;
}

/** A copy with the first file's CRC wrong. */
export function withBadFileCrc(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  const end = (out[0] as number) + new DataView(out.buffer).getUint32(4, true);
  out[end] = (out[end] as number) ^ 0xff;
  return out;
}
