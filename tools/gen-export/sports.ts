import type { SessionKind } from './plan';

/**
 * One table from a session kind to its names in each format: the summary JSON's activityType /
 * sportType keys and the FIT session's sport / sub_sport (which fitbook maps back to the same
 * activityType key, src/ingest/fit.ts sportKey).
 */
export interface SportInfo {
  activityType: string;
  sportType: string;
  fitSport: 'running' | 'cycling' | 'swimming' | 'training';
  fitSubSport: 'generic' | 'trail' | 'treadmill' | 'lapSwimming' | 'strengthTraining';
  /** Auto-lap distance (m); null = laps by the athlete (swim sets) or one lap. */
  autoLapM: number | null;
  run: boolean;
}

const RUN: SportInfo = { activityType: 'running', sportType: 'RUNNING', fitSport: 'running', fitSubSport: 'generic', autoLapM: 1000, run: true };

export const SPORTS: Record<SessionKind, SportInfo> = {
  easy: RUN,
  recovery: RUN,
  long: RUN,
  tempo: RUN,
  intervals: RUN,
  race: RUN,
  trail: { ...RUN, activityType: 'trail_running', fitSubSport: 'trail' },
  treadmill: { ...RUN, activityType: 'treadmill_running', fitSubSport: 'treadmill' },
  ride: { activityType: 'cycling', sportType: 'CYCLING', fitSport: 'cycling', fitSubSport: 'generic', autoLapM: 5000, run: false },
  swim: { activityType: 'lap_swimming', sportType: 'SWIMMING', fitSport: 'swimming', fitSubSport: 'lapSwimming', autoLapM: null, run: false },
  strength: { activityType: 'strength_training', sportType: 'TRAINING', fitSport: 'training', fitSubSport: 'strengthTraining', autoLapM: null, run: false },
};
