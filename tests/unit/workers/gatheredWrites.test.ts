import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GatheredWrites, type SyncHandle } from '../../../workers/gatheredWrites';

/** A file in memory with a sync access handle's semantics (writes past the end zero-fill the gap). */
class MemoryFile implements SyncHandle {
  bytes = new Uint8Array(0);
  writes = 0;
  closed = false;
  failWrites = false;

  write(data: AllowSharedBufferSource, options?: FileSystemReadWriteOptions): number {
    if (this.failWrites) throw new DOMException('no room left', 'QuotaExceededError');
    const src = view(data);
    const at = options?.at ?? 0;
    if (at + src.length > this.bytes.length) {
      const grown = new Uint8Array(at + src.length);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes.set(src, at);
    this.writes++;
    return src.length;
  }

  read(buffer: AllowSharedBufferSource, options?: FileSystemReadWriteOptions): number {
    const dst = view(buffer);
    const at = options?.at ?? 0;
    const part = this.bytes.subarray(at, at + dst.length);
    dst.set(part);
    return part.length;
  }

  truncate(newSize: number): void {
    const next = new Uint8Array(newSize);
    next.set(this.bytes.subarray(0, newSize));
    this.bytes = next;
  }

  getSize(): number {
    return this.bytes.length;
  }

  flush(): void {}

  close(): void {
    this.closed = true;
  }
}

function view(data: AllowSharedBufferSource): Uint8Array {
  return ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
}

const PAGE = 4096;

describe('GatheredWrites', () => {
  it('hands consecutive page writes on as one write per buffer, and flush writes the rest', () => {
    const file = new MemoryFile();
    const handle = new GatheredWrites(file, 16 * PAGE);
    for (let page = 0; page < 40; page++) handle.write(new Uint8Array(PAGE).fill(page), { at: page * PAGE });
    // 40 pages through a 16-page buffer: two full buffers were handed on, eight pages wait.
    expect(file.writes).toBe(2);
    handle.flush();
    expect(file.writes).toBe(3);
    expect(file.bytes.length).toBe(40 * PAGE);
    for (let page = 0; page < 40; page++) expect(file.bytes[page * PAGE + 7]).toBe(page);
  });

  it('a read, a size or a close sees every write made before it', () => {
    const file = new MemoryFile();
    const handle = new GatheredWrites(file, 16 * PAGE);
    handle.write(new Uint8Array(PAGE).fill(9), { at: 0 });
    handle.write(new Uint8Array(PAGE).fill(8), { at: PAGE });
    expect(file.writes).toBe(0);
    expect(handle.getSize()).toBe(2 * PAGE);
    handle.write(new Uint8Array(10).fill(7), { at: 2 * PAGE });
    const back = new Uint8Array(3);
    expect(handle.read(back, { at: 2 * PAGE - 1 })).toBe(3);
    expect([...back]).toEqual([8, 7, 7]);
    handle.write(new Uint8Array(1).fill(1), { at: 0 });
    handle.close();
    expect(file.closed).toBe(true);
    expect(file.bytes[0]).toBe(1);
  });

  it('a write the disk refuses surfaces from the call that hands it on (SQLite sees the error at its sync)', () => {
    const file = new MemoryFile();
    const handle = new GatheredWrites(file, 16 * PAGE);
    handle.write(new Uint8Array(PAGE), { at: 0 });
    file.failWrites = true;
    expect(() => handle.flush()).toThrow(/no room/);
  });

  it('behaves exactly like the file it wraps, for any sequence of calls', () => {
    // Small pages keep the many runs fast; the logic does not depend on the size.
    const SMALL = 64;
    const at = fc.integer({ min: 0, max: 40 * SMALL });
    const op = fc.oneof(
      fc.record({ kind: fc.constant('write' as const), at, length: fc.integer({ min: 1, max: 3 * SMALL }), fill: fc.integer({ min: 1, max: 255 }) }),
      // Pages written one after another, as SQLite writes a commit's dirty pages in order.
      fc.record({ kind: fc.constant('pages' as const), first: fc.integer({ min: 0, max: 30 }), count: fc.integer({ min: 1, max: 40 }), fill: fc.integer({ min: 1, max: 255 }) }),
      fc.record({ kind: fc.constant('read' as const), at, length: fc.integer({ min: 1, max: 2 * SMALL }) }),
      fc.record({ kind: fc.constant('truncate' as const), size: at }),
      fc.constant({ kind: 'size' as const }),
      fc.constant({ kind: 'flush' as const }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const plain = new MemoryFile();
        const inner = new MemoryFile();
        const gathered = new GatheredWrites(inner, 8 * SMALL);
        for (const o of ops) {
          for (const h of [plain, gathered]) {
            if (o.kind === 'write') h.write(new Uint8Array(o.length).fill(o.fill), { at: o.at });
            if (o.kind === 'pages') for (let p = o.first; p < o.first + o.count; p++) h.write(new Uint8Array(SMALL).fill(o.fill), { at: p * SMALL });
          }
          if (o.kind === 'read') {
            const a = new Uint8Array(o.length);
            const b = new Uint8Array(o.length);
            expect(gathered.read(b, { at: o.at })).toBe(plain.read(a, { at: o.at }));
            expect(b).toEqual(a);
          }
          if (o.kind === 'truncate') {
            plain.truncate(o.size);
            gathered.truncate(o.size);
          }
          if (o.kind === 'size') expect(gathered.getSize()).toBe(plain.getSize());
          if (o.kind === 'flush') {
            gathered.flush();
            expect(inner.bytes).toEqual(plain.bytes);
          }
        }
        gathered.close();
        expect(inner.bytes).toEqual(plain.bytes);
        // Never more calls than unbuffered.
        expect(inner.writes).toBeLessThanOrEqual(plain.writes);
      }),
      { numRuns: 300 },
    );
  });
});
