/** A fleet run's figures: the emulator's counters over the measured window, and the processes' calls. */
import { percentile, round } from "../measure";
import type { FleetOutcome } from "./fleetRun";

/** The emulator's counters (cumulative), read at a moment of the run. */
export interface CounterReading {
  requests: number;
  /** Requests answered 429. */
  throttled: number;
}

/** What a fleet did over its measured window. */
export interface FleetFigures {
  /** Accepted (not throttled) requests per second at the emulator, over the window. */
  goodput: number;
  /** Goodput as % of the quota. */
  goodputPct: number;
  /** Share of the window's requests answered 429, %. */
  throttledPct: number;
  /** The window's requests and 429s at the emulator. */
  requests: number;
  throttled: number;
  /** Calls that started in the window, over all processes, and how they ended. */
  calls: number;
  failed: number;
  unfinished: number;
  /** Latency of the window's successful calls, ms. */
  p50Ms: number | null;
  p99Ms: number | null;
  /** Failed calls of the whole run by error name and status, over all processes. */
  failures: Record<string, number>;
  /**
   * The joining process's first second: its requests, 429s and their share (%), when one joined; and the
   * store's warnings in that process (a switch to local pacing: a cold process slower than the deadline).
   */
  join: { requests: number; throttled: number; throttledPct: number | null; warnings: number } | null;
  /** Store warnings, over the fleet's processes (the joiner's apart): each a switch to local pacing. */
  warnings: number;
  /** The worst process's driver lag, p99 ms. */
  driverLagP99Ms: number;
}

/** The fleet's figures, from the counters at the window's start and end and the processes' reports. */
export function fleetFigures(outcome: FleetOutcome, from: CounterReading, to: CounterReading, windowMs: number, quotaRps: number): FleetFigures {
  const requests = to.requests - from.requests;
  const throttled = to.throttled - from.throttled;
  const goodput = ((requests - throttled) * 1000) / windowMs;
  const latencies = outcome.workers.flatMap((w) => w.latenciesMs);
  const failures: Record<string, number> = {};
  for (const worker of outcome.joiner ? [...outcome.workers, outcome.joiner] : outcome.workers) {
    for (const [reason, count] of Object.entries(worker.failures)) failures[reason] = (failures[reason] ?? 0) + count;
  }
  const sum = (pick: (w: FleetOutcome["workers"][number]) => number) => outcome.workers.reduce((total, w) => total + pick(w), 0);
  const first = outcome.joiner?.firstSecond;
  return {
    goodput: round(goodput, 1) ?? 0,
    goodputPct: round((100 * goodput) / quotaRps, 1) ?? 0,
    throttledPct: requests > 0 ? (round((100 * throttled) / requests, 2) ?? 0) : 0,
    requests,
    throttled,
    calls: sum((w) => w.window.calls),
    failed: sum((w) => w.window.failed),
    unfinished: sum((w) => w.window.unfinished),
    p50Ms: round(percentile(latencies, 50), 1),
    p99Ms: round(percentile(latencies, 99), 1),
    failures,
    join:
      first && outcome.joiner
        ? { ...first, throttledPct: first.requests > 0 ? round((100 * first.throttled) / first.requests, 1) : null, warnings: outcome.joiner.warnings }
        : null,
    warnings: sum((w) => w.warnings),
    driverLagP99Ms: Math.max(0, ...outcome.workers.map((w) => w.driverLagP99Ms)),
  };
}
