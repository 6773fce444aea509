import type { Remote } from 'comlink';
import type { DatabaseApi } from '../database';

/** The prefix of the performance measures: `fitbook-db:dataset`, `fitbook-db:planWeeks`… */
export const DB_CALL_MEASURE = 'fitbook-db:';

/**
 * The database API with every call recorded as a performance measure, from the call to its answer:
 * the browser's performance panel, or a script (the bench counts one page load's calls and their
 * time), sees what the page asks of the worker. Recording costs a microsecond a call.
 */
export function timedApi(api: Remote<DatabaseApi>): Remote<DatabaseApi> {
  return new Proxy(api, {
    get(target, key, receiver) {
      const member: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        const start = performance.now();
        const answer = (member as (...a: unknown[]) => Promise<unknown>)(...args);
        const done = () => performance.measure(`${DB_CALL_MEASURE}${key}`, { start, end: performance.now() });
        void answer.then(done, done);
        return answer;
      };
    },
  });
}
