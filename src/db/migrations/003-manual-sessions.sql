-- Off-watch sessions (issue #16): their start time, the session RPE they were logged with, and
-- where their load came from ('manual' given, 'session_rpe' = RPE × minutes).
ALTER TABLE manual_activities ADD COLUMN start_time TEXT;
ALTER TABLE manual_activities ADD COLUMN rpe REAL;
ALTER TABLE manual_activities ADD COLUMN load_source TEXT;
