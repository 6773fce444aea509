-- Step 2: what the notebook needs from each stream, computed once when the stream is stored
-- (src/analysis/streamMetrics.ts), so opening the notebook reads no samples.
CREATE TABLE stream_metrics (
  activity_id    INTEGER PRIMARY KEY REFERENCES activities(id) ON DELETE CASCADE,
  version        INTEGER NOT NULL,              -- derivation version; older rows are recomputed
  hr_from_bpm    INTEGER,                       -- bpm of hr_seconds' first value
  hr_seconds     BLOB,                          -- Float64 LE: seconds at each whole bpm from hr_from_bpm
  decoupling_pct REAL,                          -- runs: per-second Pa:HR decoupling, %
  gap_min_per_km REAL,                          -- runs: grade-adjusted pace
  best_efforts_s BLOB,                          -- runs: Float64 LE seconds per effort target (NaN = shorter)
  track_lat      BLOB,                          -- runs: Float32 LE, the GPS path thinned to ≤ 300 points
  track_lon      BLOB
);

-- "Which activities have a stream" without reading the samples table: with 64 KiB pages a
-- samples row fills its leaf page, so scanning it (or probing it by rowid for every activity)
-- read ~200 MB from OPFS at 10 years (1.1 s per query in Chromium). This covering index holds
-- only the ids: the same answers from a few pages.
CREATE INDEX samples_activity ON samples(activity_id);

-- A stream written or rewritten makes its metrics stale, whatever code path wrote it.
CREATE TRIGGER samples_insert_stale AFTER INSERT ON samples BEGIN
  DELETE FROM stream_metrics WHERE activity_id = NEW.activity_id;
END;
CREATE TRIGGER samples_update_stale AFTER UPDATE ON samples BEGIN
  DELETE FROM stream_metrics WHERE activity_id = NEW.activity_id;
END;
CREATE TRIGGER samples_delete_stale AFTER DELETE ON samples BEGIN
  DELETE FROM stream_metrics WHERE activity_id = OLD.activity_id;
END;

-- The Recovery cell's columns without the raw JSON beside them: wellness rows carry the day's
-- whole Garmin JSON, and reading ten years of them took 0.3 s on OPFS for a few numbers a day.
CREATE INDEX wellness_daily_recovery ON wellness_daily(date, resting_hr, hrv_ms, sleep_s, deep_s, light_s, rem_s, awake_s, sleep_score);
