/** What the fleet tests share: the emulator with a SendMessages quota, and its counters. */
import type { CounterReading } from "../../bench/fleet/metrics";
import type { Emulator } from "../../src/testing";
import { startEmulator } from "../../src/testing";

/** Small enough that two cores drive a fleet well past it, big enough to leave a rate to learn. */
export const QUOTA_RPS = 60;
/** What the fleet wants, calls/s: 1.5× the quota. */
export const DEMAND_RPS = 90;

/**
 * The store's deadline per Redis command in these tests: its longest. The deadline's own behaviour is
 * tested in __tests__/redis; here a busy 2-core machine, whose event loop can stall for tens of ms, must
 * not turn a reply that came in time into a spell of local pacing (and a warning the tests count).
 */
export const REDIS_TIMEOUT_MS = 1000;

const SEND = { service: "Pinpoint", operation: "SendMessages" } as const;

/** An emulator that throttles SendMessages above {@link QUOTA_RPS} and answers in 5-10 ms, as across a network. */
export function startQuotaEmulator(): Promise<Emulator> {
  return startEmulator({ faults: { capacity: { requestsPerSecond: QUOTA_RPS, match: SEND }, latency: { ms: 5, jitterMs: 5, match: SEND } } });
}

/** The emulator's requests and 429s so far. */
export function counters(emulator: Emulator): CounterReading {
  const stats = emulator.stats();
  const throttled = Object.values(stats.byOperation).reduce((sum, op) => sum + (op.byStatus["429"] ?? 0), 0);
  return { requests: stats.requests, throttled };
}

/** A failure the emulator caused: the call ended with an HTTP status it answered (a 429 once retries ran out). */
export function isEmulatorFailure(reason: string): boolean {
  return /^\w+ \d{3}$/.test(reason);
}
