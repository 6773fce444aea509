/// <reference lib="webworker" />
import type { Scratch } from '../src/ingest/zip';

/**
 * Scratch space for deflated nested zips (an UploadedFiles part stored compressed inside the
 * export): the part is inflated as a stream into a file of the Origin Private File System and
 * read back by random access as a disk-backed File, so memory never holds it whole. The file
 * is removed when its part is done, and any left by a crash are removed when the worker opens.
 */

const DIR = 'fitbook-scratch';

export function opfsScratch(): Scratch {
  return {
    async spill(stream, name) {
      const root = await navigator.storage.getDirectory();
      const dir = await root.getDirectoryHandle(DIR, { create: true });
      const fileName = `${Date.now()}-${Math.random().toString(36).slice(2)}-${name.replace(/[^\w.-]/g, '_').slice(-60)}`;
      const handle = await dir.getFileHandle(fileName, { create: true });
      const dispose = () => dir.removeEntry(fileName).catch(() => {});
      // A sync access handle writes in place (createWritable writes a swap copy, then moves it).
      const access = await handle.createSyncAccessHandle();
      try {
        let at = 0;
        const reader = stream.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          at += access.write(value, { at });
        }
        access.flush();
      } catch (error) {
        access.close();
        await dispose();
        throw error;
      }
      access.close();
      return { blob: await handle.getFile(), dispose };
    },
  };
}

/** Removes what an interrupted import left behind. */
export async function clearScratch(): Promise<void> {
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(DIR, { recursive: true }).catch(() => {});
}
