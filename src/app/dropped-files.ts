/**
 * The files of a drop, folders included: Safari unzips downloads by default, so many users
 * have an export FOLDER, not a zip. Each file keeps its path inside what was dropped as its
 * name (`DI_CONNECT/DI-Connect-Fitness/…json`), which is how ingest names files in reports.
 */

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries returns at most ~100 entries per call: keep reading until it returns none.
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    const next = () => reader.readEntries((batch) => {
      if (batch.length === 0) resolve(all);
      else {
        all.push(...batch);
        next();
      }
    }, reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, prefix: string, out: File[]): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    // A File over the same bytes with its relative path as its name (no copy is made).
    out.push(prefix ? new File([file], path, { lastModified: file.lastModified }) : file);
  } else if (entry.isDirectory) {
    for (const child of await readAll((entry as FileSystemDirectoryEntry).createReader())) await walk(child, path, out);
  }
}

export async function droppedFiles(transfer: DataTransfer): Promise<File[]> {
  const entries = Array.from(transfer.items)
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.length === 0 || entries.some((e) => e === null)) return Array.from(transfer.files);
  const out: File[] = [];
  for (const entry of entries) await walk(entry as FileSystemEntry, '', out);
  return out;
}
