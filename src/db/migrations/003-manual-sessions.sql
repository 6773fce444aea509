-- Off-watch sessions (issue #16): their start time, the session RPE they were logged with, and
-- where their load came from ('manual' given, 'session_rpe' = RPE × minutes).
ALTER TABLE manual_activities ADD COLUMN start_time TEXT;
ALTER TABLE manual_activities ADD COLUMN rpe REAL;
ALTER TABLE manual_activities ADD COLUMN load_source TEXT;

-- The athlete's corrections (issue #16). `edited`: the columns they corrected, as a JSON object
-- ({"name":1,"sport":1}); an import merging into the row leaves those alone, so edits survive
-- re-imports. `excluded_from_load`: the activity counts with load 0 (a commute, a broken strap).
-- `deleted_at`: deleted by the athlete; the row stays, hidden from every read, so importing the
-- same file again does not bring it back (until restored).
ALTER TABLE activities ADD COLUMN edited TEXT;
ALTER TABLE activities ADD COLUMN excluded_from_load INTEGER NOT NULL DEFAULT 0;
ALTER TABLE activities ADD COLUMN deleted_at TEXT;

-- A new sport changes what a stream's metrics are (a run's GAP and best efforts): recompute them.
CREATE TRIGGER activities_sport_stale AFTER UPDATE OF sport ON activities WHEN OLD.sport IS NOT NEW.sport BEGIN
  DELETE FROM stream_metrics WHERE activity_id = NEW.id;
END;

-- The Recovery cell charts steps, stress and Body Battery too (issue #16): its covering index
-- holds them, so the cell still never reads the rows with their raw JSON.
DROP INDEX wellness_daily_recovery;
CREATE INDEX wellness_daily_recovery ON wellness_daily(date, resting_hr, hrv_ms, sleep_s, deep_s, light_s, rem_s, awake_s, sleep_score, steps, body_battery_high, body_battery_low, stress_avg);
