-- The original files behind the database (issue #16): every recording (FIT, GPX, TCX, gzipped or
-- not) and every export file fitbook read (the summary and wellness JSON, Strava's activities.csv),
-- kept on the device under its SHA-256 so the database can be rebuilt from them when fitbook's
-- analysis improves, and any activity's original downloaded. The bytes live in append-only pack
-- files in the Origin Private File System (one file per original cost 2.4 ms each here: +10 s on
-- a 4,000-activity import); this table is their index, written in the same transaction as the
-- rows they produced, so it never points at bytes that were not written.
CREATE TABLE originals (
  sha256       TEXT PRIMARY KEY,                -- hex digest of the file's bytes as imported
  path         TEXT NOT NULL,                   -- path inside what was dropped (keeps Connect ids in names)
  kind         TEXT NOT NULL,                   -- 'recording' | 'summarized-activities' | 'sleep' | 'uds' | ... | 'strava-activities'
  uploaded     INTEGER NOT NULL DEFAULT 0,      -- from an UploadedFiles part (its names are upload ids)
  size_bytes   INTEGER NOT NULL,                -- the file's size
  method       INTEGER NOT NULL,                -- 0 stored as is, 8 raw deflate (as it was in the zip)
  stored_bytes INTEGER NOT NULL,
  pack         TEXT NOT NULL,                   -- pack file name in OPFS fitbook-originals/
  pack_offset  INTEGER NOT NULL,
  ingest_id    INTEGER,                         -- the import that kept it
  stored_at    TEXT NOT NULL
);
