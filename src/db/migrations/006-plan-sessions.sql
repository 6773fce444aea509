-- Plans built from a goal (issue #17): the goal they were built for, and their dated sessions
-- (the expander's output, analysis/planBuilder.ts), which the session deck and the calendar
-- export read. A session's id is stable for the same goal and date (the .ics UID).
CREATE TABLE plan_goals (
  plan_id    INTEGER PRIMARY KEY REFERENCES plans(id) ON DELETE CASCADE,
  goal_json  TEXT NOT NULL,                     -- {"goal":…,"availability":…,"start":…}
  created_at TEXT NOT NULL
);

CREATE TABLE plan_sessions (
  plan_id      INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  id           TEXT NOT NULL,                   -- '<race date>:<date>:<type>'
  date         TEXT NOT NULL,                   -- 'YYYY-MM-DD', the athlete's day
  week         INTEGER NOT NULL,                -- week of the plan, from 1
  weekday      INTEGER NOT NULL,                -- 1 = Monday … 7 = Sunday
  phase        TEXT NOT NULL,                   -- base | specific | taper | race
  type         TEXT NOT NULL,                   -- easy | long | tempo | intervals | hills | fartlek | progression | strides | gym | race
  intensity    TEXT NOT NULL,                   -- easy | moderate | hard
  structure    TEXT NOT NULL,
  distance_km  REAL,
  duration_min REAL,
  status       TEXT NOT NULL DEFAULT 'planned', -- planned | done | skipped
  activity_id  INTEGER,                         -- the activity that fulfilled it
  PRIMARY KEY (plan_id, id)
);
CREATE INDEX plan_sessions_date ON plan_sessions(date);
