/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { reasonFor } from '../src/ingest/errors';
import { prepareFit, resultBuffers, type FitRawJob, type PreparedFit } from '../src/ingest/prepareFit';

/**
 * One of the decode pool's workers: inflates, hashes and decodes FIT members off the ingest
 * worker's thread. The hashes already stored come once per import (setKnown), so a re-import
 * skips decoding what it has.
 */

let known: ReadonlySet<string> = new Set();

const api = {
  setKnown(hashes: string[]): void {
    known = new Set(hashes);
  },

  /** A failure comes back as its reason in fitbook's words (an Error's class does not cross threads). */
  async prepare(job: FitRawJob): Promise<PreparedFit | { kind: 'failed'; reason: string }> {
    try {
      const prepared = await prepareFit(job, known);
      // Hand the sample columns back without copying them.
      return Comlink.transfer(prepared, resultBuffers(prepared));
    } catch (error) {
      return { kind: 'failed', reason: reasonFor(error) };
    }
  },
};

export type DecodeApi = typeof api;

Comlink.expose(api);
