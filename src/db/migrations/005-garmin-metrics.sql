-- What the Garmin account export holds that runners use (issue #16, item 6): the VO2max history
-- (DI-Connect-Metrics/MetricsMaxMetData_*), Garmin's own race predictions (RunRacePredictions_*)
-- and gear with the activities it was used on (<email>_gear.json; Strava's activities.csv). Keyed on Garmin's own ids
-- and dates, so a re-import updates rows in place and the order of files never matters.
CREATE TABLE vo2max_daily (
  date        TEXT NOT NULL,                    -- 'YYYY-MM-DD' (Garmin's calendarDate)
  sport       TEXT NOT NULL,                    -- 'running', 'cycling', 'walking'
  vo2max      REAL NOT NULL,                    -- ml/kg/min
  fitness_age REAL,
  PRIMARY KEY (date, sport)
);

CREATE TABLE race_predictions (
  date       TEXT PRIMARY KEY,                  -- 'YYYY-MM-DD'
  five_k_s   REAL,                              -- predicted finish times, seconds
  ten_k_s    REAL,
  half_s     REAL,
  marathon_s REAL
);

CREATE TABLE gear (
  uuid        TEXT PRIMARY KEY,                 -- Garmin's gear uuid
  gear_pk     INTEGER,
  type        TEXT NOT NULL,                    -- 'shoes' | 'bike' | 'other'
  name        TEXT NOT NULL,
  brand_model TEXT,
  status      TEXT NOT NULL,                    -- 'active' | 'retired'
  date_begin  TEXT,
  date_end    TEXT,
  maximum_m   REAL                              -- the distance the athlete set to retire it at
);

-- Which gear an activity used: by Garmin's activity id (the gear file), or by the activity's row
-- (Strava's activities.csv names the gear of recordings that have no Garmin id).
CREATE TABLE gear_activities (
  gear_uuid          TEXT NOT NULL,
  garmin_activity_id INTEGER,
  activity_id        INTEGER REFERENCES activities(id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX gear_activities_garmin ON gear_activities(garmin_activity_id, gear_uuid) WHERE garmin_activity_id IS NOT NULL;
CREATE UNIQUE INDEX gear_activities_row ON gear_activities(activity_id, gear_uuid) WHERE activity_id IS NOT NULL;

-- The athlete's description of an activity (Strava's "Activity Description").
ALTER TABLE activities ADD COLUMN description TEXT;
