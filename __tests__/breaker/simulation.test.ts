/**
 * The breaker's dynamics on fake time (see ./simulation.ts): open-loop arrivals at 50 calls/s, the
 * library's default breaker, retries and budget, against the same calls meeting the same faults with no
 * breaker. docs/breaker.md has the tables these runs come from.
 */
import { constantFailure, firstSuccess, firstTransition, outage, simulate, summarize } from "./simulation";
import type { SimulationResult } from "./simulation";

const CALLS_PER_SECOND = 50;
const SEEDS = [1, 2, 3];

/** Each call's outcome and requests, in start order. */
const outcomes = (result: SimulationResult) => result.calls.map((c) => `${c.outcome}/${c.attempts}`);

/** Calls started at or after `fromMs` that succeeded. */
const successesFrom = (result: SimulationResult, fromMs: number) => result.calls.filter((c) => c.startedAt >= fromMs && c.outcome === "success").length;

describe("a degraded service is left to the retry budget and backoff", () => {
  test.each([0, 5, 20, 40, 60, 80])("%p%% of attempts failing: it never opens, and every call ends as it would without a breaker", (percent) => {
    const rate = percent / 100;
    for (const seed of SEEDS) {
      const scenario = { callsPerSecond: CALLS_PER_SECOND, durationMs: 120_000, failureAt: constantFailure(rate), seed };
      const result = simulate(scenario);
      expect({ seed, transitions: result.transitions }).toEqual({ seed, transitions: [] });
      expect(outcomes(result)).toEqual(outcomes(simulate({ ...scenario, breaker: false })));
    }
  });

  test("80% of attempts failing for 10 minutes: it never opens", () => {
    for (const seed of SEEDS) {
      const result = simulate({ callsPerSecond: CALLS_PER_SECOND, durationMs: 600_000, failureAt: constantFailure(0.8), seed });
      expect({ seed, transitions: result.transitions }).toEqual({ seed, transitions: [] });
    }
  });
});

describe("a dead service", () => {
  test("dead from the start: open within 2 s, then about one request per second (0.02 per call) while it stays dead", () => {
    for (const seed of SEEDS) {
      const result = simulate({ callsPerSecond: CALLS_PER_SECOND, durationMs: 60_000, failureAt: constantFailure(1), seed });
      const openedAt = firstTransition(result, "open");
      expect({ seed, openedAt }).toEqual({ seed, openedAt: expect.any(Number) });
      expect(openedAt).toBeLessThanOrEqual(2_000);
      // Once open it stays open: a failed probe makes no transition.
      expect(result.transitions.map((t) => t.to)).toEqual(["open"]);
      const after = summarize(result, 2_000);
      expect(after.requestsPerCall).toBeLessThanOrEqual(0.022);
      expect(after.requestsPerCall).toBeGreaterThanOrEqual(0.018);
    }
  });

  test("dead from 10 s to 40 s, then healthy: open within 2 s, first success within 1 s of healing, closed right after, every call from 2 s after healing succeeds", () => {
    for (const seed of SEEDS) {
      const scenario = { callsPerSecond: CALLS_PER_SECOND, durationMs: 60_000, failureAt: outage(10_000, 40_000), seed };
      const result = simulate(scenario);
      const baseline = simulate({ ...scenario, breaker: false });
      expect(firstTransition(result, "open", 10_000)! - 10_000).toBeLessThanOrEqual(2_000);
      // The first probe after healing goes at most a probe interval (1 s) after it, and takes one attempt (20 ms).
      expect(firstSuccess(result, 40_000)! - 40_000).toBeLessThanOrEqual(1_020);
      // Then as many calls at a time as successes are missing (one): closed one attempt later.
      const closedAt = firstTransition(result, "closed", 40_000)!;
      expect(closedAt - firstSuccess(result, 40_000)!).toBeLessThanOrEqual(100);
      expect(closedAt - 40_000).toBeLessThanOrEqual(1_100);
      expect(summarize(result, 42_000).success).toBe(1);
      // While dead: a probe a second.
      expect(summarize(result, 12_000, 40_000).requestsPerCall).toBeLessThanOrEqual(0.022);
      // What healing costs against no breaker: the calls of at most one probe interval.
      expect(successesFrom(baseline, 40_000) - successesFrom(result, 40_000)).toBeLessThanOrEqual(CALLS_PER_SECOND * 1.2);
    }
  });

  test("its own refusals never count: a long outage opens it once, and it closes once", () => {
    const result = simulate({ callsPerSecond: CALLS_PER_SECOND, durationMs: 300_000, failureAt: outage(10_000, 250_000), seed: 1 });
    expect(result.transitions.map((t) => `${t.from}->${t.to}`)).toEqual(["closed->open", "open->half-open", "half-open->closed"]);
  });
});
