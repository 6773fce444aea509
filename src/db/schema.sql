-- fitbook database schema (user_version 1).
-- The source of truth for a fresh database; later versions add numbered steps in migrations.ts.
-- The downloaded database is a user-facing interface: docs/schema.md documents every column.
-- Units are SI throughout (metres, seconds, m/s, bpm, degrees, kcal); times are ISO 8601.

CREATE TABLE activities (
  id                 INTEGER PRIMARY KEY,       -- fitbook's stable id (never reused)
  garmin_activity_id INTEGER UNIQUE,            -- Garmin Connect activityId, when known
  source             TEXT NOT NULL,             -- 'garmin_export' | 'connect_export' | 'fit'
  sport              TEXT NOT NULL,             -- Garmin activity type key: running, trail_running, ...
  name               TEXT,
  start_utc          TEXT NOT NULL,             -- 'YYYY-MM-DDTHH:MM:SSZ'
  start_ms           INTEGER NOT NULL,          -- same instant, epoch milliseconds (exact)
  start_local        TEXT NOT NULL,             -- local wall clock 'YYYY-MM-DDTHH:MM:SS'
  utc_offset_s       INTEGER NOT NULL,          -- start_local - start_utc
  local_date         TEXT NOT NULL,             -- 'YYYY-MM-DD' of the local start
  distance_m         REAL,
  elapsed_s          REAL,
  timer_s            REAL,
  moving_s           REAL,
  ascent_m           REAL,
  descent_m          REAL,
  avg_hr             REAL,
  max_hr             REAL,
  avg_speed_mps      REAL,
  max_speed_mps      REAL,
  avg_cadence_spm    REAL,                      -- steps per minute, both legs (foot sports)
  avg_cadence_rpm    REAL,                      -- revolutions per minute (cycling)
  avg_power_w        REAL,
  calories_kcal      REAL,
  training_load      REAL,                      -- Garmin's training load, when the source has it
  aerobic_te         REAL,
  anaerobic_te       REAL,
  start_lat          REAL,
  start_lon          REAL,
  device             TEXT,
  parent_garmin_id   INTEGER,                   -- multisport: the Garmin id of the parent activity
  raw_json           TEXT,                      -- the upstream record (summary JSON, or the FIT session)
  ingested_at        TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);
CREATE INDEX activities_start ON activities(start_ms);
CREATE INDEX activities_local_date ON activities(local_date);

CREATE TABLE laps (
  activity_id     INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
  lap_index       INTEGER NOT NULL,             -- 0-based, in start order
  start_utc       TEXT NOT NULL,
  start_ms        INTEGER NOT NULL,
  elapsed_s       REAL,
  timer_s         REAL,
  distance_m      REAL,
  avg_hr          REAL,
  max_hr          REAL,
  avg_speed_mps   REAL,
  max_speed_mps   REAL,
  ascent_m        REAL,
  descent_m       REAL,
  avg_cadence_spm REAL,
  avg_power_w     REAL,
  PRIMARY KEY (activity_id, lap_index)
);

-- One row per activity with a stream: each column is a little-endian typed array (one value per
-- sample, NaN = not recorded) or NULL when the channel is absent. Columnar blobs, not a row per
-- sample: measured 60x faster to write and 23x faster to read back (docs/schema.md, bench/).
CREATE TABLE samples (
  activity_id INTEGER PRIMARY KEY REFERENCES activities(id) ON DELETE CASCADE,
  n           INTEGER NOT NULL,                 -- number of samples
  start_ms    INTEGER NOT NULL,                 -- epoch ms that t_s is relative to
  t_s         BLOB NOT NULL,                    -- Float32: seconds since start_ms
  hr          BLOB,                             -- Float32: bpm
  speed_mps   BLOB,                             -- Float32: m/s
  distance_m  BLOB,                             -- Float32: metres since the start
  lat         BLOB,                             -- Float64: degrees
  lon         BLOB,                             -- Float64: degrees
  altitude_m  BLOB,                             -- Float32: metres
  cadence     BLOB,                             -- Float32: steps/min (foot sports) or rpm
  power_w     BLOB                              -- Float32: watts
);

CREATE TABLE fit_files (
  sha256      TEXT PRIMARY KEY,                 -- hex digest of the file's bytes
  activity_id INTEGER REFERENCES activities(id) ON DELETE SET NULL,
  file_name   TEXT NOT NULL,                    -- path inside what was dropped
  size_bytes  INTEGER NOT NULL,
  fit_type    TEXT,                             -- FIT file_id.type: activity, monitoring_b, ...
  status      TEXT NOT NULL,                    -- 'linked' | 'duplicate_stream' | 'not_activity'
  ingested_at TEXT NOT NULL
);
CREATE INDEX fit_files_activity ON fit_files(activity_id);

-- Off-watch sessions entered by the user; never touched by re-ingest.
CREATE TABLE manual_activities (
  id            INTEGER PRIMARY KEY,
  local_date    TEXT NOT NULL,
  sport         TEXT NOT NULL,
  name          TEXT,
  distance_m    REAL,
  duration_s    REAL,
  training_load REAL,
  notes         TEXT,
  external_id   TEXT UNIQUE,
  created_at    TEXT NOT NULL
);

CREATE TABLE plans (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE plan_weeks (
  plan_id     INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  week_start  TEXT NOT NULL,                    -- Monday 'YYYY-MM-DD'
  week        TEXT NOT NULL,                    -- ISO week 'YYYY-Www'
  phase       TEXT,                             -- base | specific | taper | ...
  distance_km REAL,
  vert_m      REAL,
  long_run_km REAL,
  gym         INTEGER,
  series      INTEGER,
  recovery    INTEGER NOT NULL DEFAULT 0,
  races       TEXT NOT NULL DEFAULT '[]',       -- JSON [{"date":"YYYY-MM-DD","name":"...","km":42.2}]
  notes       TEXT,
  PRIMARY KEY (plan_id, week_start)
);

CREATE TABLE wellness_daily (
  date              TEXT PRIMARY KEY,           -- 'YYYY-MM-DD'; for sleep, the wake-up date
  resting_hr        REAL,
  hrv_ms            REAL,
  sleep_s           REAL,                       -- deep + light + rem
  deep_s            REAL,
  light_s           REAL,
  rem_s             REAL,
  awake_s           REAL,
  steps             INTEGER,
  body_battery_high REAL,
  body_battery_low  REAL,
  stress_avg        REAL,
  sleep_start_utc   TEXT,
  sleep_end_utc     TEXT,
  sleep_score       REAL,
  raw_uds_json      TEXT,
  raw_sleep_json    TEXT,
  raw_hrv_json      TEXT
);

-- Athlete settings found in the export (HR zones, max/resting HR); key -> JSON.
CREATE TABLE profile (
  key        TEXT PRIMARY KEY,
  value_json TEXT NOT NULL,
  source     TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE ingests (
  id                 INTEGER PRIMARY KEY,
  started_at         TEXT NOT NULL,
  finished_at        TEXT,
  state              TEXT NOT NULL,             -- running | done | cancelled | error
  files_total        INTEGER NOT NULL DEFAULT 0,
  files_done         INTEGER NOT NULL DEFAULT 0,
  bytes_total        INTEGER NOT NULL DEFAULT 0,
  activities_added   INTEGER NOT NULL DEFAULT 0,
  activities_updated INTEGER NOT NULL DEFAULT 0,
  fit_linked         INTEGER NOT NULL DEFAULT 0,
  wellness_days      INTEGER NOT NULL DEFAULT 0,
  skipped            INTEGER NOT NULL DEFAULT 0,
  message            TEXT
);

-- What each ingest did with files it did not store as-is: skipped (an error, with the reason),
-- ignored (recognised but not an activity, e.g. monitoring FITs), or warning (stored, with a note).
CREATE TABLE ingest_log (
  id        INTEGER PRIMARY KEY,
  ingest_id INTEGER NOT NULL REFERENCES ingests(id) ON DELETE CASCADE,
  file      TEXT NOT NULL,                      -- path inside what was dropped
  input     TEXT NOT NULL,                      -- the dropped file it came from
  status    TEXT NOT NULL,                      -- skipped | ignored | warning
  reason    TEXT NOT NULL
);
CREATE INDEX ingest_log_ingest ON ingest_log(ingest_id);
