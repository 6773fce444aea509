/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { prepareFits, resultBuffers, type FitFailed, type FitOutcome, type FitRawJob } from '../src/ingest/prepareFit';

/**
 * One of the decode pool's workers: inflates, hashes and decodes batches of FIT members off the ingest
 * worker's thread. The hashes already stored come once per import (setKnown), so a re-import
 * skips decoding what it has.
 */

let known: ReadonlySet<string> = new Set();

const api = {
  setKnown(hashes: string[]): void {
    known = new Set(hashes);
  },

  /** A batch, in order; a failure comes back as its reason in fitbook's words (an Error's class does not cross threads). */
  async prepare(jobs: (FitRawJob | FitFailed)[]): Promise<FitOutcome[]> {
    const outcomes = await prepareFits(jobs, known);
    // Hand the sample columns back without copying them.
    return Comlink.transfer(outcomes, resultBuffers(outcomes));
  },
};

export type DecodeApi = typeof api;

Comlink.expose(api);
