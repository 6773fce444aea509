import { describe, expect, it } from 'vitest';
import { csvDecimals, toCsv } from '../../../src/ui/csv';

describe('CSV numbers to their column\'s precision', () => {
  it('drops float32 noise from measured columns, keeps centimetres and milliseconds exact', () => {
    const csv = toCsv(['t_s', 'altitude_m', 'speed_mps', 'hr', 'lat', 'distance_km', 'decoupling_pct', 'pace_min_per_km'],
      [[12.000000476837158, 17.31298828125, 3.2149999141693115, 151.99999237060547, 47.123456789012, 10.23456789, 4.56789123, 5.123456789]]);
    expect(csv).toBe('t_s,altitude_m,speed_mps,hr,lat,distance_km,decoupling_pct,pace_min_per_km\n12,17.31,3.215,152,47.1234568,10.23457,4.568,5.1235\n');
    // A Garmin summary's centimetres and milliseconds read back as stored.
    expect(toCsv(['distance_m', 'elapsed_s'], [[10234.56, 3723.456]])).toBe('distance_m,elapsed_s\n10234.56,3723.456\n');
  });

  it('writes model outputs and counts as computed', () => {
    for (const c of ['load', 'ctl', 'atl', 'tsb', 'acwr', 'ramp', 'activities', 'score', 'id']) expect(csvDecimals(c), c).toBeNull();
    expect(toCsv(['ctl', 'name'], [[41.123456789012344, 'a, "b"']])).toBe('ctl,name\n41.123456789012344,"a, ""b"""\n');
    expect(toCsv(['hr', 'ctl'], [[NaN, null]])).toBe('hr,ctl\n,\n');
  });
});
