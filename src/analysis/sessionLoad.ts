/**
 * Session-RPE load (Foster et al. 2001, "A new approach to monitoring exercise training"; the
 * openrun manual log, docs/metrics.md "Load"): the session's rating of perceived exertion on the
 * CR-10 scale (1 very easy … 10 maximal) times its duration in minutes. An off-watch session
 * (a gym class, a run on someone else's watch) has no heart rate: this is its load unless the
 * athlete gives one. Foster's units run higher than Banister TRIMP for the same session (an
 * hour at RPE 5 is 300, a TRIMP of ~80–120), so an honest RPE on a hard session weighs heavily;
 * the Fitness cell says how many loads came from it.
 */
export function sessionRpeLoad(rpe: number, minutes: number): number {
  if (!(rpe >= 1 && rpe <= 10) || !(minutes > 0)) return NaN;
  return rpe * minutes;
}
