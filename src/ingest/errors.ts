/**
 * An error whose message is already in fitbook's words, for the person who dropped the file:
 * which file and why. Anything else that reaches the import report (a browser's or a library's
 * own text, "The requested file could not be read, typically due to permission problems…") is
 * put into words by `reasonFor` instead of being shown as it is.
 */
export class IngestError extends Error {}

export function reasonFor(error: unknown): string {
  if (error instanceof IngestError) return error.message;
  const name = error instanceof Error ? error.name : '';
  if (name === 'NotReadableError' || name === 'NotFoundError') {
    return 'the file could not be read any more: it was moved, changed or deleted after it was dropped; drop it again';
  }
  if (name === 'QuotaExceededError') return 'there is no room left on this device for this file';
  const message = error instanceof Error ? error.message : String(error);
  // SQLite's result code names the rule that refused the row: worth keeping for a bug report.
  if (/^SQLITE_[A-Z_]+/.test(message)) return `the database could not store this file (${message})`;
  // A failure of fitbook itself: the person gets plain words, the console keeps the details.
  console.error('fitbook: unexpected error while importing a file', error);
  return 'fitbook could not read this file because of an internal error (details in the browser console); the other files still import';
}
