import { openAsBlob } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BLOB_SCRATCH, inflateMember, InflateBudget, openZip, readSources, ZIP_LIMITS, ZipError, type RawMember, type ZipEntry } from '../../../src/ingest/zip';
import { FileSink, ZipWriter, zipBytes } from '../../../tools/zipWriter';

const text = (s: string) => new TextEncoder().encode(s);
const blob = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);
const budget = () => new InflateBudget();

/** xorshift32 noise: incompressible, reproducible. */
function noise(length: number, seed = 2463534242): Uint8Array {
  let x = seed;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

async function entries(bytes: Uint8Array | Blob, b = budget()): Promise<Record<string, ZipEntry>> {
  const list = await openZip(bytes instanceof Blob ? bytes : blob(bytes), '', b);
  return Object.fromEntries(list.map((e) => [e.path, e]));
}

async function reason(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ZipError);
  return (error as Error).message;
}

/** Offsets of every record with this signature (the tests below rewrite headers in place). */
function offsetsOf(bytes: Uint8Array, signature: number): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i++) if (view.getUint32(i, true) === signature) found.push(i);
  return found;
}

describe('random-access zip reader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fitbook-zip-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads stored and deflated members by their paths, with their sizes', async () => {
    const json = text(JSON.stringify([{ a: 1 }]).repeat(100));
    const fit = noise(5000);
    const zip = zipBytes([{ path: 'DI_CONNECT/x.json', data: json }, { path: 'a/b.fit', data: fit, method: 'store' }, { path: 'empty.txt', data: new Uint8Array(0) }]);
    const got = await entries(zip);
    expect(Object.keys(got)).toEqual(['DI_CONNECT/x.json', 'a/b.fit', 'empty.txt']);
    expect(got['DI_CONNECT/x.json']?.declaredSize).toBe(json.length);
    expect(got['DI_CONNECT/x.json']?.compressedSize).toBeLessThan(json.length);
    expect(await got['DI_CONNECT/x.json']?.read()).toEqual(json);
    expect(await got['a/b.fit']?.read()).toEqual(fit);
    expect(await got['empty.txt']?.read()).toEqual(new Uint8Array(0));
  });

  it('opens nested parts: a stored part is a slice of its parent, a deflated one is inflated to scratch', async () => {
    const inner = zipBytes([{ path: 'user_1.fit', data: noise(3000, 7) }, { path: 'user_2.fit', data: noise(2000, 9) }]);
    const outer = zipBytes([
      { path: 'DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip', data: inner, method: 'store' },
      { path: 'DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part2.zip', data: inner, method: 'deflate' },
    ]);
    const got = await entries(outer);
    let spilled = 0;
    const countingScratch = { spill: (s: ReadableStream<Uint8Array>, name: string) => (spilled++, BLOB_SCRATCH.spill(s, name)) };
    for (const [path, expectSpill] of [['DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip', 0], ['DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part2.zip', 1]] as const) {
      const part = await got[path]?.open(countingScratch);
      expect(spilled).toBe(expectSpill);
      const members = await openZip(part?.blob as Blob, path, budget());
      expect(members.map((m) => m.path)).toEqual([`${path}/user_1.fit`, `${path}/user_2.fit`]);
      expect(await members[1]?.read()).toEqual(noise(2000, 9));
      await part?.dispose();
    }
  });

  it('reads Zip64 archives: Zip64 records throughout, and more than 65,535 members', async () => {
    const small = zipBytes([{ path: 'a.json', data: text('[1,2,3]') }, { path: 'b.fit', data: noise(100), method: 'store' }], { zip64: 'always' });
    const got = await entries(small);
    expect(await got['a.json']?.read()).toEqual(text('[1,2,3]'));
    expect(await got['b.fit']?.read()).toEqual(noise(100));

    const path = join(dir, 'many.zip');
    const sink = new FileSink(path);
    const writer = new ZipWriter(sink);
    for (let i = 0; i < 70_000; i++) writer.add(`m/${i}.txt`, text(String(i)), { method: 'store' });
    writer.close();
    sink.close();
    const many = await openZip(await openAsBlob(path), '', budget());
    expect(many.length).toBe(70_000);
    expect(new TextDecoder().decode(await many[69_999]?.read())).toBe('69999');
  });

  it('names a truncated file, a missing or garbled table of contents', async () => {
    const zip = zipBytes([{ path: 'a.json', data: text('[1]'.repeat(1000)) }, { path: 'b.json', data: text('[2]') }]);
    expect(await reason(openZip(blob(zip.slice(0, zip.length - 30)), '', budget()))).toMatch(/not a readable zip \(truncated or corrupted: its table of contents.*missing/);
    expect(await reason(openZip(blob(zip.slice(0, 10)), '', budget()))).toMatch(/not a readable zip \(truncated or corrupted/);
    const garbled = zip.slice();
    const central = offsetsOf(garbled, 0x02014b50);
    const at = (central[1] as number) + 1;
    garbled[at] = (garbled[at] as number) ^ 0xff;
    expect(await reason(openZip(blob(garbled), '', budget()))).toMatch(/garbled at entry 2 of 2/);
    const outside = zip.slice();
    const end = offsetsOf(outside, 0x06054b50)[0] as number;
    new DataView(outside.buffer).setUint32(end + 16, zip.length, true);
    expect(await reason(openZip(blob(outside), '', budget()))).toMatch(/points outside the file/);
  });

  it('refuses members whose header lies about their size', async () => {
    const data = text('{"x":1}'.repeat(500));
    const makeLiar = (declared: number) => {
      const zip = zipBytes([{ path: 'liar.json', data }]);
      const view = new DataView(zip.buffer);
      for (const at of offsetsOf(zip, 0x02014b50)) view.setUint32(at + 24, declared, true);
      return zip;
    };
    expect(await reason((await entries(makeLiar(100)))['liar.json']?.read() as Promise<Uint8Array>)).toMatch(/past the size its header declares/);
    expect(await reason((await entries(makeLiar(data.length + 50)))['liar.json']?.read() as Promise<Uint8Array>)).toMatch(/inflates to 3500 bytes, its header declares 3550/);
    // A compressed size that runs past the end of the archive.
    const past = zipBytes([{ path: 'big.fit', data: noise(4000), method: 'store' }]);
    const view = new DataView(past.buffer);
    for (const at of offsetsOf(past, 0x02014b50)) {
      view.setUint32(at + 20, 40_000, true);
      view.setUint32(at + 24, 40_000, true);
    }
    expect(await reason((await entries(past))['big.fit']?.read() as Promise<Uint8Array>)).toMatch(/cut short inside this file/);
  });

  it('refuses a bomb before inflating it, and counts every inflated byte against the budget', async () => {
    const b = new InflateBudget({ ...ZIP_LIMITS, maxEntryBytes: 1 << 20, ratioFloorBytes: 1 << 16 });
    const bomb = zipBytes([{ path: 'zeros.fit', data: new Uint8Array(8 << 20) }]);
    expect(await reason((await entries(bomb, b))['zeros.fit']?.read() as Promise<Uint8Array>)).toMatch(/decompression bomb/);
    expect(b.usedBytes).toBe(0);
    const ok = zipBytes([{ path: 'ok.json', data: text('[]'.repeat(1000)) }]);
    await (await entries(ok, b))['ok.json']?.read();
    expect(b.usedBytes).toBe(2000);
  });

  it('names damaged compressed data, encryption and unknown methods in its own words', async () => {
    const zip = zipBytes([{ path: 'a.json', data: noise(3000).map((v) => v & 0x0f) }]);
    const local = offsetsOf(zip, 0x04034b50)[0] as number;
    const start = local + 30 + 'a.json'.length;
    for (let i = start + 10; i < start + 40; i++) zip[i] = 0xff;
    const damaged = await reason((await entries(zip))['a.json']?.read() as Promise<Uint8Array>);
    expect(damaged).toMatch(/compressed data is damaged|header declares/);
    expect(damaged).not.toMatch(/incorrect|invalid|TypeError/);

    const flagged = (patch: (view: DataView, at: number) => void) => {
      const z = zipBytes([{ path: 'x.fit', data: noise(100) }]);
      const view = new DataView(z.buffer);
      for (const at of offsetsOf(z, 0x02014b50)) patch(view, at);
      return z;
    };
    expect(await reason((await entries(flagged((v, at) => v.setUint16(at + 8, 1, true))))['x.fit']?.read() as Promise<Uint8Array>)).toMatch(/password-protected/);
    expect(await reason((await entries(flagged((v, at) => v.setUint16(at + 10, 14, true))))['x.fit']?.read() as Promise<Uint8Array>)).toMatch(/method 14/);
  });

  it('reads a batch of neighbouring members in one read, each its own bytes; a damaged one fails alone', async () => {
    const files = Array.from({ length: 12 }, (_, i) => ({ path: `part/${i}.fit`, data: noise(3000 + 500 * i, i + 1), method: i % 2 ? 'store' as const : undefined }));
    // An unrelated member far bigger than the gap a span may skip sits between the last two.
    files.splice(11, 0, { path: 'other/padding.bin', data: noise(300_000, 99), method: 'store' });
    const zip = zipBytes(files);
    // The sixth member's local header is not where the table of contents says.
    const locals = offsetsOf(zip, 0x04034b50);
    zip.fill(0, locals[5], (locals[5] as number) + 4);
    let reads = 0;
    class CountingBlob extends Blob {
      override slice(...args: Parameters<Blob['slice']>): Blob {
        reads++;
        return super.slice(...args);
      }
    }
    const list = (await openZip(new CountingBlob([zip as Uint8Array<ArrayBuffer>]), '', budget())).filter((e) => e.path.startsWith('part/'));
    reads = 0;
    const raws = await readSources(list.map((e) => e.source()));
    // One span for the first eleven, one for the last; the damaged member is read again on its own.
    expect(reads).toBe(3);
    for (const [i, raw] of raws.entries()) {
      if (i === 5) {
        expect(raw).toBeInstanceOf(ZipError);
        expect((raw as Error).message).toMatch(/not where the table of contents says/);
      } else {
        expect(await inflateMember(raw as RawMember, 2 ** 20)).toEqual(files.filter((f) => f.path.startsWith('part/'))[i]?.data);
      }
    }
  });

  it('an empty zip lists nothing', async () => {
    expect(await openZip(blob(zipBytes([])), '', budget())).toEqual([]);
  });
});
