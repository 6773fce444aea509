import { closeSync, openSync, writeSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A small streaming zip writer for tests and the bench (Node only, never shipped): members are
 * written as they come, to a file or to memory, with Zip64 records when an offset, a size or the
 * member count needs them (APPNOTE.TXT 6.3.10, sections 4.3.14-4.3.16 and 4.5.3), or always when
 * asked, so a small archive can exercise the Zip64 path of a reader. Huge members (the padding of
 * a multi-gigabyte test export) are streamed in chunks: their CRC is patched in afterwards.
 * jszip cannot write past 2 GB (it builds the archive in one buffer), hence this.
 */

export interface ZipSink {
  /** Bytes written so far. */
  readonly position: number;
  write(chunk: Uint8Array): void;
  /** Overwrites bytes already written (the CRC of a streamed member). */
  patch(at: number, bytes: Uint8Array): void;
}

export class MemorySink implements ZipSink {
  private readonly chunks: Uint8Array[] = [];
  position = 0;
  write(chunk: Uint8Array): void {
    this.chunks.push(chunk.slice());
    this.position += chunk.length;
  }
  patch(at: number, bytes: Uint8Array): void {
    let start = 0;
    for (const c of this.chunks) {
      const end = start + c.length;
      for (let i = 0; i < bytes.length; i++) if (at + i >= start && at + i < end) c[at + i - start] = bytes[i] as number;
      start = end;
    }
  }
  /** A plain Uint8Array of its own (not a Buffer: those share pooled memory and slice() aliases). */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.position);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

export class FileSink implements ZipSink {
  private readonly fd: number;
  position = 0;
  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }
  write(chunk: Uint8Array): void {
    let done = 0;
    while (done < chunk.length) done += writeSync(this.fd, chunk, done, chunk.length - done, this.position + done);
    this.position += chunk.length;
  }
  patch(at: number, bytes: Uint8Array): void {
    writeSync(this.fd, bytes, 0, bytes.length, at);
  }
  close(): void {
    closeSync(this.fd);
  }
}

export interface AddOptions {
  /** 'deflate' (default) or 'store' (nested zips, random padding). */
  method?: 'store' | 'deflate';
  level?: number;
  date?: Date;
}

interface CentralRecord {
  name: Uint8Array;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  dosTime: number;
  dosDate: number;
}

const U32 = 0xffffffff;
const U16 = 0xffff;
const DEFAULT_DATE = new Date(Date.UTC(2026, 0, 1));

export class ZipWriter {
  private readonly records: CentralRecord[] = [];

  /** `zip64: 'always'` writes Zip64 records even where the classic fields would do. */
  constructor(private readonly sink: ZipSink, private readonly options: { zip64?: 'auto' | 'always' } = {}) {}

  private get always(): boolean {
    return this.options.zip64 === 'always';
  }

  add(name: string, data: Uint8Array, options: AddOptions = {}): void {
    const method = options.method === 'store' ? 0 : 8;
    const body = method === 8 ? deflateRawSync(data, { level: options.level ?? 6 }) : data;
    const record = this.record(name, method, crc32(data), body.length, data.length, options.date);
    this.writeLocal(record);
    this.sink.write(body);
  }

  /** A stored member of `size` bytes produced in chunks (never held whole). */
  addStored(name: string, size: number, chunks: Iterable<Uint8Array>, options: { date?: Date } = {}): void {
    const record = this.record(name, 0, 0, size, size, options.date);
    const crcAt = this.writeLocal(record);
    let crc = 0;
    let written = 0;
    for (const chunk of chunks) {
      crc = crc32(chunk, crc);
      written += chunk.length;
      this.sink.write(chunk);
    }
    if (written !== size) throw new Error(`${name}: ${written} bytes written, ${size} declared`);
    record.crc = crc;
    const le = new DataView(new ArrayBuffer(4));
    le.setUint32(0, crc >>> 0, true);
    this.sink.patch(crcAt, new Uint8Array(le.buffer));
  }

  /** Size of the central directory if the archive were closed now (to pad an archive to a size). */
  get centralDirectoryBytes(): number {
    return this.records.reduce((a, r) => a + 46 + r.name.length + (this.big(r) ? 28 : 0), 0);
  }

  close(): void {
    const cdStart = this.sink.position;
    for (const r of this.records) this.writeCentral(r);
    const cdSize = this.sink.position - cdStart;
    const count = this.records.length;
    const needs64 = this.always || count >= U16 || cdStart >= U32 || cdSize >= U32;
    if (needs64) {
      const eocd64At = this.sink.position;
      const eocd64 = new Bytes(56);
      eocd64.u32(0x06064b50).u64(44).u16(45).u16(45).u32(0).u32(0).u64(count).u64(count).u64(cdSize).u64(cdStart);
      this.sink.write(eocd64.data);
      const locator = new Bytes(20);
      locator.u32(0x07064b50).u32(0).u64(eocd64At).u32(1);
      this.sink.write(locator.data);
    }
    const eocd = new Bytes(22);
    eocd.u32(0x06054b50).u16(0).u16(0)
      .u16(needs64 ? U16 : count).u16(needs64 ? U16 : count)
      .u32(needs64 ? U32 : cdSize).u32(needs64 ? U32 : cdStart).u16(0);
    this.sink.write(eocd.data);
  }

  private record(name: string, method: number, crc: number, compressedSize: number, size: number, date = DEFAULT_DATE): CentralRecord {
    const dosTime = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1);
    const dosDate = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
    const record = { name: new TextEncoder().encode(name), method, crc, compressedSize, size, offset: this.sink.position, dosTime, dosDate };
    this.records.push(record);
    return record;
  }

  private big(r: CentralRecord): boolean {
    return this.always || r.size >= U32 || r.compressedSize >= U32 || r.offset >= U32;
  }

  /** Writes the local header; returns where its CRC field sits. */
  private writeLocal(r: CentralRecord): number {
    const big = this.big(r);
    const header = new Bytes(30 + r.name.length + (big ? 20 : 0));
    header.u32(0x04034b50).u16(big ? 45 : 20).u16(0x0800).u16(r.method).u16(r.dosTime).u16(r.dosDate)
      .u32(r.crc).u32(big ? U32 : r.compressedSize).u32(big ? U32 : r.size).u16(r.name.length).u16(big ? 20 : 0).raw(r.name);
    if (big) header.u16(0x0001).u16(16).u64(r.size).u64(r.compressedSize);
    const at = this.sink.position + 14;
    this.sink.write(header.data);
    return at;
  }

  private writeCentral(r: CentralRecord): void {
    const big = this.big(r);
    const header = new Bytes(46 + r.name.length + (big ? 28 : 0));
    header.u32(0x02014b50).u16(45).u16(big ? 45 : 20).u16(0x0800).u16(r.method).u16(r.dosTime).u16(r.dosDate)
      .u32(r.crc).u32(big ? U32 : r.compressedSize).u32(big ? U32 : r.size).u16(r.name.length).u16(big ? 28 : 0).u16(0)
      .u16(0).u16(0).u32(0).u32(big ? U32 : r.offset).raw(r.name);
    if (big) header.u16(0x0001).u16(24).u64(r.size).u64(r.compressedSize).u64(r.offset);
    this.sink.write(header.data);
  }
}

/** A whole zip in memory from a list of members (nested UploadedFiles parts, small test zips). */
export function zipBytes(members: { path: string; data: Uint8Array; method?: 'store' | 'deflate' }[], options: { zip64?: 'auto' | 'always' } = {}): Uint8Array {
  const sink = new MemorySink();
  const writer = new ZipWriter(sink, options);
  for (const m of members) writer.add(m.path, m.data, { method: m.method });
  writer.close();
  return sink.bytes();
}

class Bytes {
  readonly data: Uint8Array;
  private readonly view: DataView;
  private at = 0;
  constructor(size: number) {
    this.data = new Uint8Array(size);
    this.view = new DataView(this.data.buffer);
  }
  u16(v: number): this {
    this.view.setUint16(this.at, v, true);
    this.at += 2;
    return this;
  }
  u32(v: number): this {
    this.view.setUint32(this.at, v >>> 0, true);
    this.at += 4;
    return this;
  }
  u64(v: number): this {
    this.view.setBigUint64(this.at, BigInt(v), true);
    this.at += 8;
    return this;
  }
  raw(b: Uint8Array): this {
    this.data.set(b, this.at);
    this.at += b.length;
    return this;
  }
}
