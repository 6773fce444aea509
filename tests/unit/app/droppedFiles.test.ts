import { describe, expect, it } from 'vitest';
import { droppedFiles } from '../../../src/app/dropped-files';

/** Minimal stand-ins for the File and Directory Entries API that a real folder drop hands over. */
function fileEntry(name: string, text: string) {
  return { name, isFile: true, isDirectory: false, file: (ok: (f: File) => void) => setTimeout(() => ok(new File([text], name)), 0) };
}
function dirEntry(name: string, children: object[]) {
  return {
    name, isFile: false, isDirectory: true,
    createReader: () => {
      // Like Chromium, hand the children out in batches (here of 2), then an empty batch.
      let at = 0;
      return {
        readEntries: (ok: (batch: object[]) => void) => {
          const batch = children.slice(at, at + 2);
          at += 2;
          setTimeout(() => ok(batch), 0); // the real API answers asynchronously
        },
      };
    },
  };
}

describe('droppedFiles', () => {
  it('walks dropped folders and names each file by its path inside the drop', async () => {
    const tree = dirEntry('export', [
      dirEntry('DI_CONNECT', [
        dirEntry('DI-Connect-Fitness', [fileEntry('a_0_summarizedActivities.json', '[]'), fileEntry('b.json', '{}'), fileEntry('c.json', '{}')]),
      ]),
      fileEntry('README.txt', 'x'),
    ]);
    const transfer = { items: [{ kind: 'file', webkitGetAsEntry: () => tree }], files: [] } as unknown as DataTransfer;
    const files = await droppedFiles(transfer);
    expect(files.map((f) => f.name)).toEqual([
      'export/DI_CONNECT/DI-Connect-Fitness/a_0_summarizedActivities.json', 'export/DI_CONNECT/DI-Connect-Fitness/b.json',
      'export/DI_CONNECT/DI-Connect-Fitness/c.json', 'export/README.txt',
    ]);
    expect(await files[0]?.text()).toBe('[]');
  });

  it('falls back to the plain file list when the browser gives no entries', async () => {
    const plain = new File(['x'], 'run.fit');
    const transfer = { items: [{ kind: 'file', webkitGetAsEntry: () => null }], files: [plain] } as unknown as DataTransfer;
    expect(await droppedFiles(transfer)).toEqual([plain]);
  });
});
