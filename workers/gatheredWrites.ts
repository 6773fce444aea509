/// <reference lib="webworker" />

/**
 * SQLite writes one page per call (64 KiB here). In Chromium each call of a sync access handle's
 * write that grows the file costs ~0.3 ms whatever its size (measured in this repo's bench
 * machine: 128 MB in 64 KiB writes 590 ms, in 1 MiB writes 100-155 ms, while the same pwrite
 * from a native process takes 25 ms): an import writes the database's whole size, and those
 * calls were the ingest worker's largest cost (2.3 s of a 10-year import's 11 s).
 *
 * This handle gathers writes that continue each other into one buffer and hands them on as one
 * write when the next call is anything else — a write elsewhere, a read, a size, a truncate, a
 * flush or a close — so every call sees exactly the file it would have seen unbuffered, and
 * SQLite's xSync (flush) still makes everything durable in the order SQLite asked.
 */

/** The part of FileSystemSyncAccessHandle that SQLite's opfs-sahpool VFS calls. */
export interface SyncHandle {
  read(buffer: AllowSharedBufferSource, options?: FileSystemReadWriteOptions): number;
  write(buffer: AllowSharedBufferSource, options?: FileSystemReadWriteOptions): number;
  truncate(newSize: number): void;
  getSize(): number;
  flush(): void;
  close(): void;
}

export class GatheredWrites implements SyncHandle {
  private readonly buffer: Uint8Array;
  /** File offset of buffer[0], and how many bytes wait in it. */
  private start = 0;
  private length = 0;

  constructor(private readonly inner: SyncHandle, capacity = 2 ** 20) {
    this.buffer = new Uint8Array(capacity);
  }

  write(data: AllowSharedBufferSource, options?: FileSystemReadWriteOptions): number {
    const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
    // Without an offset a handle writes at its cursor, which only the inner handle knows.
    const at = options?.at;
    if (at === undefined) {
      this.drain();
      return this.inner.write(data, options);
    }
    if (this.length > 0 && at === this.start + this.length && this.length + bytes.length <= this.buffer.length) {
      this.buffer.set(bytes, this.length);
      this.length += bytes.length;
      return bytes.length;
    }
    this.drain();
    if (bytes.length * 2 > this.buffer.length) return this.inner.write(data, options);
    this.buffer.set(bytes);
    this.start = at;
    this.length = bytes.length;
    return bytes.length;
  }

  read(buffer: AllowSharedBufferSource, options?: FileSystemReadWriteOptions): number {
    this.drain();
    return this.inner.read(buffer, options);
  }

  getSize(): number {
    this.drain();
    return this.inner.getSize();
  }

  truncate(newSize: number): void {
    this.drain();
    this.inner.truncate(newSize);
  }

  flush(): void {
    this.drain();
    this.inner.flush();
  }

  close(): void {
    this.drain();
    this.inner.close();
  }

  /** Hands what waits to the file; a failure (a full disk) surfaces from the call that drained. */
  private drain(): void {
    if (this.length === 0) return;
    const length = this.length;
    this.length = 0;
    const written = this.inner.write(this.buffer.subarray(0, length), { at: this.start });
    if (written !== length) throw new DOMException(`wrote ${written} of ${length} bytes`, 'InvalidStateError');
  }
}

/**
 * Runs `install` (sqlite-wasm's installOpfsSAHPoolVfs, which opens every handle of its pool up
 * front) with each sync access handle it opens wrapped in GatheredWrites.
 */
export async function withGatheredWrites<T>(install: () => Promise<T>): Promise<T> {
  const proto = FileSystemFileHandle.prototype;
  const open = proto.createSyncAccessHandle;
  proto.createSyncAccessHandle = async function (this: FileSystemFileHandle, ...args: []) {
    return new GatheredWrites(await open.apply(this, args)) as unknown as FileSystemSyncAccessHandle;
  };
  try {
    return await install();
  } finally {
    proto.createSyncAccessHandle = open;
  }
}
