/** What one stack did in one cell, from its calls' records: the figures of the table and the targets. */
import { percentile, round } from "../measure";

/** How one call of a cell went. Times are ms from the cell's clock start. */
export interface CallRecord {
  /** When the schedule started it. */
  scheduledMs: number;
  /** When the driver started it (the schedule plus the event loop's lag). */
  startMs: number;
  /** When it settled; the cell's cap for a call still running then. */
  endMs: number;
  ok: boolean;
  /** HTTP requests it sent. */
  requests: number;
  /** Still running at the cell's cap: counted as failed. */
  unfinished?: boolean;
}

/** Where a cell's targets look, besides the whole run. */
export interface MetricWindows {
  /** Time to finish counts from here. Default 0. */
  focusFromMs?: number;
  /** Calls scheduled in [fromMs, toMs) are held to the dead-service target. */
  deadWindow?: { fromMs: number; toMs: number };
  /** When an outage heals. */
  healAtMs?: number;
  /** The heal target's full success counts from `healAtMs` plus this. */
  fullSuccessAfterMs?: number;
}

/** A stack's figures in a cell. Null where a figure is undefined (a latency of no successful call). */
export interface StackMetrics {
  calls: number;
  succeeded: number;
  successPct: number;
  /** Calls still running at the cell's cap. */
  unfinished: number;
  /** Successful calls per second, from the clock's start to the last call's end. */
  goodput: number | null;
  /** Latency of successful calls, from the driver's start of each, ms. */
  p50Ms: number | null;
  p99Ms: number | null;
  /** Requests sent per call (counted by the client, once per HTTP request). */
  requestsPerCall: number;
  /** The emulator's count, and its share of 429 answers, %. */
  emulatorRequests: number;
  throttledPct: number | null;
  /** From the focus start (0, or the burst's start) to the last call's end, ms. */
  finishMs: number;
  /** 99th percentile of the driver's lag behind the schedule, ms: how well the open loop kept time. */
  driverLagP99Ms: number | null;
  /** The dead-service window: its calls, those that succeeded, their requests per call and their median time to fail (ms). */
  dead?: { calls: number; succeeded: number; requestsPerCall: number; failP50Ms: number | null };
  /** After healing: ms from the heal to the first successful call's end, and the success of calls from the full-success time on. */
  heal?: { firstSuccessMs: number | null; calls: number; successPct: number | null };
}

/** Computes a stack's figures from its records and the emulator's counts. */
export function stackMetrics(records: readonly CallRecord[], emulator: { requests: number; throttled: number }, windows: MetricWindows = {}): StackMetrics {
  const ok = records.filter((r) => r.ok);
  const lastEnd = records.reduce((max, r) => Math.max(max, r.endMs), 0);
  const latencies = ok.map((r) => r.endMs - r.startMs);
  const requests = records.reduce((sum, r) => sum + r.requests, 0);
  const pct = (count: number, of: number) => (of === 0 ? null : round((100 * count) / of, 2));
  const nullable = (value: number, digits: number) => round(value, digits);
  const metrics: StackMetrics = {
    calls: records.length,
    succeeded: ok.length,
    successPct: pct(ok.length, records.length) ?? 0,
    unfinished: records.filter((r) => r.unfinished).length,
    goodput: lastEnd > 0 ? round((1000 * ok.length) / lastEnd, 1) : null,
    p50Ms: nullable(percentile(latencies, 50), 2),
    p99Ms: nullable(percentile(latencies, 99), 1),
    requestsPerCall: round(records.length === 0 ? 0 : requests / records.length, 3) ?? 0,
    emulatorRequests: emulator.requests,
    throttledPct: pct(emulator.throttled, emulator.requests),
    finishMs: round(Math.max(0, lastEnd - (windows.focusFromMs ?? 0)), 1) ?? 0,
    driverLagP99Ms: nullable(percentile(records.map((r) => r.startMs - r.scheduledMs), 99), 2),
  };
  const window = windows.deadWindow;
  if (window) {
    const inWindow = records.filter((r) => r.scheduledMs >= window.fromMs && r.scheduledMs < window.toMs);
    metrics.dead = {
      calls: inWindow.length,
      succeeded: inWindow.filter((r) => r.ok).length,
      requestsPerCall: round(inWindow.length === 0 ? 0 : inWindow.reduce((sum, r) => sum + r.requests, 0) / inWindow.length, 4) ?? 0,
      failP50Ms: nullable(percentile(inWindow.filter((r) => !r.ok).map((r) => r.endMs - r.startMs), 50), 3),
    };
  }
  const healAt = windows.healAtMs;
  if (healAt !== undefined) {
    const firstSuccess = ok.filter((r) => r.endMs >= healAt).reduce((min, r) => Math.min(min, r.endMs), Infinity);
    const after = records.filter((r) => r.scheduledMs >= healAt + (windows.fullSuccessAfterMs ?? 0));
    metrics.heal = {
      firstSuccessMs: Number.isFinite(firstSuccess) ? round(firstSuccess - healAt, 1) : null,
      calls: after.length,
      successPct: pct(after.filter((r) => r.ok).length, after.length),
    };
  }
  return metrics;
}
