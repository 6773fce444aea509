/**
 * Where imported original files are kept (issue #16: "the originals are kept"). The bytes are
 * appended to pack files as they came (a zip member's raw deflate stays deflated: no work to keep
 * it, and half the disk); the database's `originals` table (db/originals.ts) is the index, keyed
 * by the file's SHA-256. In the browser the packs are OPFS files (workers/opfsOriginals.ts);
 * tests and Node keep them in memory (memoryOriginals).
 */

export interface OriginalPlace {
  pack: string;
  offset: number;
  storedBytes: number;
}

export interface OriginalStore {
  /**
   * Appends one file's bytes; null when the device has no room for them (the import goes on
   * and names the file whose original was not kept).
   */
  put(bytes: Uint8Array): Promise<OriginalPlace | null>;
  /** Makes what was appended durable: called before the index rows pointing at it commit. */
  flush(): void;
  /**
   * A pack's bytes as a Blob, read lazily (a slice of it is one original); null when the device
   * no longer has it (any other failure throws: a pack being written is not a lost one).
   */
  pack(name: string): Promise<Blob | null>;
  /** Lets go of open handles (an open OPFS access handle blocks reads of its file). */
  close(): Promise<void>;
}

/** Packs in memory, optionally with a quota (the tests' "device is full"). */
export function memoryOriginals(quotaBytes = Infinity): OriginalStore & { bytes(): number; lose(name: string): boolean } {
  const packs = new Map<string, Uint8Array[]>();
  let used = 0;
  let current = '';
  let currentSize = 0;
  return {
    async put(bytes) {
      if (used + bytes.length > quotaBytes) return null;
      if (!current || currentSize > 64 * 2 ** 20) {
        current = `pack-${packs.size + 1}`;
        currentSize = 0;
        packs.set(current, []);
      }
      // A copy: the caller's buffer is reused for the next file.
      (packs.get(current) as Uint8Array[]).push(bytes.slice());
      const place = { pack: current, offset: currentSize, storedBytes: bytes.length };
      currentSize += bytes.length;
      used += bytes.length;
      return place;
    },
    flush() {},
    async pack(name) {
      const parts = packs.get(name);
      return parts ? new Blob(parts as Uint8Array<ArrayBuffer>[]) : null;
    },
    async close() {
      current = '';
    },
    bytes: () => used,
    lose: (name: string) => packs.delete(name),
  };
}
