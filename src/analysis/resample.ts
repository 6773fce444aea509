/**
 * Thinning a 1 Hz stream for a chart: a 3-hour run is 10,800 samples, far more than a chart's
 * pixels, and Plot's cost grows with marks. Each bucket of consecutive samples becomes one point:
 * the mean of its finite values per series (NaN when it has none), at the bucket's mean x. Means
 * keep the shape a reader sees (a spike of one sample is smoothed, as any chart at that width would).
 */
export function bucketMeans(x: ArrayLike<number>, ys: readonly (ArrayLike<number> | null)[], maxPoints: number): { x: Float64Array; ys: Float64Array[] } {
  const n = x.length;
  const size = Math.max(1, Math.ceil(n / Math.max(1, maxPoints)));
  const m = Math.ceil(n / size);
  const outX = new Float64Array(m);
  const outYs = ys.map(() => new Float64Array(m).fill(NaN));
  for (let b = 0; b < m; b++) {
    const from = b * size;
    const to = Math.min(n, from + size);
    let sx = 0;
    for (let i = from; i < to; i++) sx += x[i] as number;
    outX[b] = sx / (to - from);
    ys.forEach((y, k) => {
      if (!y) return;
      let s = 0;
      let c = 0;
      for (let i = from; i < to; i++) {
        const v = y[i] as number;
        if (Number.isFinite(v)) { s += v; c++; }
      }
      if (c > 0) (outYs[k] as Float64Array)[b] = s / c;
    });
  }
  return { x: outX, ys: outYs };
}

/**
 * The mean of each sample's finite values within ±halfWindowS seconds of it (by timestamp, so
 * a pause does not blend the run before it with the run after). A 1 Hz GPS speed jitters by
 * ±10 %, which as pace (its reciprocal) draws a band, not a line; Strava and Garmin Connect
 * smooth their pace charts over similar windows. Two pointers: O(n).
 */
export function movingMeanByTime(t: ArrayLike<number>, y: ArrayLike<number>, halfWindowS: number): Float64Array {
  const n = t.length;
  const out = new Float64Array(n).fill(NaN);
  let lo = 0;
  let hi = 0;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const ti = t[i] as number;
    while (hi < n && (t[hi] as number) <= ti + halfWindowS) {
      const v = y[hi] as number;
      if (Number.isFinite(v)) { sum += v; count++; }
      hi++;
    }
    while ((t[lo] as number) < ti - halfWindowS) {
      const v = y[lo] as number;
      if (Number.isFinite(v)) { sum -= v; count--; }
      lo++;
    }
    if (count > 0) out[i] = sum / count;
  }
  return out;
}
