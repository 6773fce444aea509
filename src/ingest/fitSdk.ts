import { Decoder, Stream } from '@garmin/fitsdk';
import { explainFitError, fitResultOf, type FitOptions, type FitResult } from './fit';
import type { FitDecodeOutcome } from './fitDecode';
import type { Mesg } from './fitMesg';
import { profileTypes } from './fitProfile';
import { recordColumnsFromMesgs } from './fitRecords';

/**
 * The reference front end: @garmin/fitsdk's own Decoder (~5 MB/s), mapped by the same
 * fitResultOf as fitbook's decoder. Used by tests and the bench to check fitDecode.ts; the app
 * does not import it.
 */
export function decodeFitWithSdk(bytes: Uint8Array, options: FitOptions = {}): FitResult {
  return fitResultOf(decodeWithSdk(bytes), options);
}

export function decodeWithSdk(bytes: Uint8Array): FitDecodeOutcome {
  const stream = Stream.fromByteArray(bytes);
  if (!Decoder.isFIT(stream)) return { ok: false, reason: 'not a FIT file (no ".FIT" signature in the header)' };
  let messages: Record<string, Mesg[] | undefined>;
  let errors: Error[];
  try {
    ({ messages, errors } = new Decoder(stream).read() as unknown as { messages: Record<string, Mesg[]>; errors: Error[] });
  } catch (error) {
    return { ok: false, reason: `the FIT decoder failed on this file (${(error as Error).message})` };
  }
  // @garmin/fitsdk never throws on bad input: it returns partial messages plus `errors`.
  if (errors.length > 0) return { ok: false, reason: explainFitError(errors[0] as Error) };
  return {
    ok: true,
    fit: {
      fileIds: messages.fileIdMesgs ?? [],
      sessions: messages.sessionMesgs ?? [],
      laps: messages.lapMesgs ?? [],
      activities: messages.activityMesgs ?? [],
      records: recordColumnsFromMesgs(messages.recordMesgs ?? [], activityTypeNumber),
    },
  };
}

const ACTIVITY_TYPE_NUMBER = new Map(Object.entries(profileTypes.activityType ?? {}).map(([k, v]) => [v, Number(k)]));

function activityTypeNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  return typeof v === 'string' ? ACTIVITY_TYPE_NUMBER.get(v) ?? NaN : NaN;
}
