import { rngFor } from './random';

/**
 * The athlete's recurring routes: four running loops from home (so run start points cluster
 * within a few metres, like a real runner's), a hilly trail loop an hour's drive away, and a
 * road-bike loop. A loop is a smooth closed curve (a perturbed circle) with a periodic altitude
 * profile, so repeated laps line up and every run on it climbs the same hills.
 */

export const HOME = { lat: 50.8262, lon: 4.3802 };
const TRAIL_START = { lat: 50.4921, lon: 5.8664 };
const M_PER_DEG_LAT = 111_320;
const SEMICIRCLES_PER_DEG = 2 ** 31 / 180;
const VERTICES = 720;

interface RouteSpec {
  name: string;
  lengthM: number;
  origin: { lat: number; lon: number };
  baseAltM: number;
  /** Amplitudes of the altitude harmonics k = 1, 2, 3, 5 (m). */
  hillsM: [number, number, number, number];
}

const SPECS: RouteSpec[] = [
  { name: 'Bois loop', lengthM: 6_200, origin: HOME, baseAltM: 92, hillsM: [9, 5, 3, 1.5] },
  { name: 'Canal', lengthM: 8_400, origin: HOME, baseAltM: 78, hillsM: [6, 3, 2, 1] },
  { name: 'Park', lengthM: 5_000, origin: HOME, baseAltM: 85, hillsM: [5, 4, 2, 1] },
  { name: 'Forest', lengthM: 10_500, origin: HOME, baseAltM: 110, hillsM: [18, 9, 5, 2] },
  { name: 'Spa trail', lengthM: 15_800, origin: TRAIL_START, baseAltM: 380, hillsM: [62, 38, 24, 12] },
  { name: 'Road loop', lengthM: 41_000, origin: HOME, baseAltM: 90, hillsM: [30, 14, 8, 4] },
];

export class Route {
  readonly lengthM: number;
  private readonly xs = new Float64Array(VERTICES + 1);
  private readonly ys = new Float64Array(VERTICES + 1);
  private readonly cum = new Float64Array(VERTICES + 1);
  private readonly phases: number[];
  private readonly mPerDegLon: number;

  constructor(private readonly spec: RouteSpec, seed: number, id: number) {
    const rng = rngFor(seed, 'route', id);
    const a = [rng.uniform(0.05, 0.15), rng.uniform(0.03, 0.1), rng.uniform(0.01, 0.05)];
    const phi = [rng.uniform(0, 6.28), rng.uniform(0, 6.28), rng.uniform(0, 6.28)];
    const rotation = rng.uniform(0, 2 * Math.PI);
    this.phases = [0, 0, 0, 0].map(() => rng.uniform(0, 2 * Math.PI));
    const radius = (t: number) => 1 + (a[0] ?? 0) * Math.sin(t + (phi[0] ?? 0)) + (a[1] ?? 0) * Math.sin(2 * t + (phi[1] ?? 0)) + (a[2] ?? 0) * Math.sin(3 * t + (phi[2] ?? 0));
    const r0 = radius(0);
    const cos = Math.cos(rotation);
    const sin = Math.sin(rotation);
    for (let i = 0; i <= VERTICES; i++) {
      const t = (2 * Math.PI * i) / VERTICES;
      // Unit-radius curve shifted so it passes through the origin (home) at t = 0.
      const ux = radius(t) * Math.cos(t) - r0;
      const uy = radius(t) * Math.sin(t);
      this.xs[i] = ux * cos - uy * sin;
      this.ys[i] = ux * sin + uy * cos;
    }
    let length = 0;
    for (let i = 1; i <= VERTICES; i++) {
      length += Math.hypot((this.xs[i] ?? 0) - (this.xs[i - 1] ?? 0), (this.ys[i] ?? 0) - (this.ys[i - 1] ?? 0));
    }
    const scale = spec.lengthM / length;
    let cum = 0;
    for (let i = 0; i <= VERTICES; i++) {
      this.xs[i] = (this.xs[i] ?? 0) * scale;
      this.ys[i] = (this.ys[i] ?? 0) * scale;
      if (i > 0) cum += Math.hypot((this.xs[i] ?? 0) - (this.xs[i - 1] ?? 0), (this.ys[i] ?? 0) - (this.ys[i - 1] ?? 0));
      this.cum[i] = cum;
    }
    this.lengthM = cum;
    this.mPerDegLon = M_PER_DEG_LAT * Math.cos((spec.origin.lat * Math.PI) / 180);
  }

  get name(): string {
    return this.spec.name;
  }

  /** Altitude (m) at a distance along the route; periodic, so every lap climbs the same hills. */
  altitudeAt(distM: number): number {
    const x = (2 * Math.PI * distM) / this.lengthM;
    const [h1, h2, h3, h5] = this.spec.hillsM;
    const [p1, p2, p3, p5] = this.phases as [number, number, number, number];
    return this.spec.baseAltM + h1 * Math.sin(x + p1) + h2 * Math.sin(2 * x + p2) + h3 * Math.sin(3 * x + p3) + h5 * Math.sin(5 * x + p5);
  }

  /** Grade (rise/run) at a distance, from the analytic derivative of altitudeAt. */
  gradeAt(distM: number): number {
    const k = (2 * Math.PI) / this.lengthM;
    const x = k * distM;
    const [h1, h2, h3, h5] = this.spec.hillsM;
    const [p1, p2, p3, p5] = this.phases as [number, number, number, number];
    return k * (h1 * Math.cos(x + p1) + 2 * h2 * Math.cos(2 * x + p2) + 3 * h3 * Math.cos(3 * x + p3) + 5 * h5 * Math.cos(5 * x + p5));
  }

  /**
   * Positions in semicircles for increasing distances (one pass with a moving vertex pointer).
   * noiseX/noiseY (m) are the GPS wander added to each point.
   */
  positions(dist: Float64Array, noiseX: Float64Array, noiseY: Float64Array, lat: Int32Array, lon: Int32Array): void {
    let v = 0;
    let lapBase = 0;
    for (let i = 0; i < dist.length; i++) {
      let d = (dist[i] ?? 0) - lapBase;
      while (d >= this.lengthM) {
        lapBase += this.lengthM;
        d -= this.lengthM;
        v = 0;
      }
      while (v < VERTICES - 1 && (this.cum[v + 1] ?? 0) < d) v++;
      const c0 = this.cum[v] ?? 0;
      const seg = (this.cum[v + 1] ?? c0) - c0;
      const f = seg > 0 ? (d - c0) / seg : 0;
      const x = (this.xs[v] ?? 0) + f * ((this.xs[v + 1] ?? 0) - (this.xs[v] ?? 0)) + (noiseX[i] ?? 0);
      const y = (this.ys[v] ?? 0) + f * ((this.ys[v + 1] ?? 0) - (this.ys[v] ?? 0)) + (noiseY[i] ?? 0);
      lat[i] = toSemicircles(this.spec.origin.lat + y / M_PER_DEG_LAT);
      lon[i] = toSemicircles(this.spec.origin.lon + x / this.mPerDegLon);
    }
  }
}

export function toSemicircles(deg: number): number {
  return Math.round(deg * SEMICIRCLES_PER_DEG);
}

export function fromSemicircles(sc: number): number {
  return sc / SEMICIRCLES_PER_DEG;
}

export function buildRoutes(seed: number): Route[] {
  return SPECS.map((spec, id) => new Route(spec, seed, id));
}
