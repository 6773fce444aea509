import type { CDPSession } from '@playwright/test';

/**
 * CPU profiles of a page's dedicated workers (the ingest worker and the decode pool it starts)
 * over the Chrome DevTools Protocol. Playwright gives CDP sessions for pages only, so workers
 * are reached the older way: auto-attach without `flatten`, and commands and replies wrapped in
 * Target.sendMessageToTarget / Target.receivedMessageFromTarget — recursively, since the
 * decode workers are children of the ingest worker.
 */

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface SelfTimeEntry {
  /** `function url-basename:line` */
  where: string;
  selfMs: number;
  pct: number;
}

/** Profiler.stop on a long import serialises a big profile: allow it time. */
const REPLY_TIMEOUT_MS = 60_000;

type Send = (method: string, params?: object) => Promise<unknown>;
type Listener = (method: string, params: Record<string, unknown>) => void;

interface AttachedWorker {
  name: string;
  url: string;
  send: Send;
  listeners: Listener[];
  profiling: boolean;
}

interface TargetInfo {
  targetId: string;
  type: string;
  title: string;
  url: string;
}

export class WorkerProfiler {
  readonly workers: AttachedWorker[] = [];
  private nextId = 1;
  private profilingWanted = false;

  private constructor(private readonly page: CDPSession) {}

  /** Attaches to every dedicated worker of the page, now and later (nested ones too). */
  static async attach(page: CDPSession): Promise<WorkerProfiler> {
    const profiler = new WorkerProfiler(page);
    const send: Send = (method, params) => page.send(method as 'Target.setAutoAttach', params as never);
    const root: Listener[] = [];
    page.on('Target.attachedToTarget', (p) => root.forEach((l) => l('Target.attachedToTarget', p as unknown as Record<string, unknown>)));
    page.on('Target.receivedMessageFromTarget', (p) => root.forEach((l) => l('Target.receivedMessageFromTarget', p as unknown as Record<string, unknown>)));
    await profiler.autoAttach(send, root);
    return profiler;
  }

  /** Starts sampling in every attached worker and in those attached later. */
  async start(): Promise<void> {
    this.profilingWanted = true;
    await Promise.all(this.workers.map((w) => this.startOne(w)));
  }

  /** Stops every profile; one per worker that ran, keyed by worker name. */
  async stop(): Promise<{ name: string; profile: CpuProfile }[]> {
    this.profilingWanted = false;
    const out: { name: string; profile: CpuProfile }[] = [];
    for (const w of this.workers) {
      if (!w.profiling) continue;
      try {
        const { profile } = (await w.send('Profiler.stop')) as { profile: CpuProfile };
        out.push({ name: w.name, profile });
      } catch (error) {
        // A worker that ended before the stop (a decode worker closed by its pool) has no profile to give.
        console.warn(`profile of worker ${w.name} lost: ${error instanceof Error ? error.message : String(error)}`);
      }
      w.profiling = false;
    }
    return out;
  }

  private async startOne(w: AttachedWorker): Promise<void> {
    if (w.profiling) return;
    await w.send('Profiler.enable');
    // 4 ms between samples: enough for the top entries over a minute, without slowing the import it times.
    await w.send('Profiler.setSamplingInterval', { interval: 4000 });
    await w.send('Profiler.start');
    w.profiling = true;
  }

  /** Asks `send`'s target to report its workers as non-flat sessions, routed through `listeners`. */
  private async autoAttach(send: Send, listeners: Listener[]): Promise<void> {
    const children = new Map<string, AttachedWorker>();
    listeners.push((method, params) => {
      if (method === 'Target.attachedToTarget') {
        const info = params.targetInfo as TargetInfo;
        const sessionId = params.sessionId as string;
        if (info.type !== 'worker') return;
        const worker = this.child(send, sessionId, info);
        children.set(sessionId, worker);
        this.workers.push(worker);
        void (async () => {
          await this.autoAttach(worker.send, worker.listeners);
          if (this.profilingWanted) await this.startOne(worker);
        })().catch((error: unknown) => console.warn(`worker ${info.title}: ${error instanceof Error ? error.message : String(error)}`));
      } else if (method === 'Target.receivedMessageFromTarget') {
        const worker = children.get(params.sessionId as string);
        if (!worker) return;
        const message = JSON.parse(params.message as string) as { id?: number; method?: string; params?: Record<string, unknown> };
        if (message.method) worker.listeners.forEach((l) => l(message.method as string, message.params ?? {}));
        else worker.listeners.forEach((l) => l('#reply', message as Record<string, unknown>));
      }
    });
    await send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  }

  private child(parentSend: Send, sessionId: string, info: TargetInfo): AttachedWorker {
    const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
    const listeners: Listener[] = [(method, params) => {
      if (method !== '#reply') return;
      const reply = params as { id: number; result?: unknown; error?: { message: string } };
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (reply.error) p.reject(new Error(reply.error.message));
      else p.resolve(reply.result);
    }];
    const send: Send = (method, params = {}) => {
      const id = this.nextId++;
      return new Promise((resolve, reject) => {
        // A worker that is gone never answers: give up rather than hang the bench.
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${method}: no reply from worker ${info.title} in ${REPLY_TIMEOUT_MS / 1000} s`));
        }, REPLY_TIMEOUT_MS);
        const done = <T,>(f: (v: T) => void) => (v: T) => {
          clearTimeout(timer);
          f(v);
        };
        pending.set(id, { resolve: done(resolve), reject: done(reject) });
        parentSend('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(done(reject));
      });
    };
    return { name: info.title || info.url, url: info.url, send, listeners, profiling: false };
  }
}

/** The functions where the samples landed, most self time first. */
export function topSelfTime(profile: CpuProfile, count = 15): SelfTimeEntry[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let totalUs = 0;
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i] as number);
    // Each delta is the time since the previous sample; charge it to this sample's function.
    const us = deltas[i] ?? 0;
    if (!node) continue;
    const f = node.callFrame;
    const where = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
    self.set(where, (self.get(where) ?? 0) + us);
    totalUs += us;
  }
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, count)
    .map(([where, us]) => ({ where, selfMs: us / 1000, pct: totalUs > 0 ? (100 * us) / totalUs : 0 }));
}
