-- Replanning (issue #17): every proposal the athlete accepted or rejected, and every session
-- moved by hand in the deck, with the plan as it was before, so an accepted change can be undone
-- and a rejected proposal is not offered again.
CREATE TABLE plan_changes (
  id          INTEGER PRIMARY KEY,
  plan_id     INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  proposal_id TEXT NOT NULL,                   -- '<kind>:<session id or week start>'
  kind        TEXT NOT NULL,                   -- reduce-volume | swap-type | remove-reps | move-session | move-block | insert-recovery-week | hold-volume
  summary     TEXT NOT NULL,                   -- what it did, in words
  status      TEXT NOT NULL,                   -- accepted | rejected | undone
  before_json TEXT,                            -- {"sessions":[…],"weeks":[…]}: the changed rows as they were
  after_json  TEXT,                            -- the same rows after the change
  created_at  TEXT NOT NULL
);
CREATE INDEX plan_changes_plan ON plan_changes(plan_id);
