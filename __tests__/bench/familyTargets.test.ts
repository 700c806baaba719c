/** The family's target checks and figures, as pure functions on constructed results. */
import type { CallRecord, StackMetrics } from "../../bench/family/metrics";
import { stackMetrics } from "../../bench/family/metrics";
import { checkCell, checkDead, checkHeal, checkNoHarm, checkQuota, checkQuotaStep, optimumFinish } from "../../bench/family/targets";

/** A stack's figures: all calls succeed in 10 ms, 1 request each, finishing at 5 s; `overrides` on top. */
function metrics(overrides: Partial<StackMetrics> = {}): StackMetrics {
  return {
    calls: 500,
    succeeded: 500,
    successPct: 100,
    unfinished: 0,
    goodput: 100,
    p50Ms: 10,
    p99Ms: 20,
    requestsPerCall: 1,
    emulatorRequests: 500,
    throttledPct: 0,
    finishMs: 5000,
    driverLagP99Ms: 1,
    ...overrides,
  };
}

describe("no harm (every cell)", () => {
  test("success may trail SDK standard's by half a point, no more", () => {
    expect(checkNoHarm(metrics({ successPct: 61.6 }), metrics({ successPct: 62 })).pass).toBe(true);
    const failed = checkNoHarm(metrics({ successPct: 2.6 }), metrics({ successPct: 52.6 }));
    expect(failed).toMatchObject({ kind: "no-harm", pass: false });
    expect(failed.detail).toBe("success 2.60% < 52.60% − 0.5");
  });

  test("where SDK standard completes 100%, time to finish at most 1.2× its own", () => {
    expect(checkNoHarm(metrics({ finishMs: 360 }), metrics({ finishMs: 300 })).pass).toBe(true);
    const slow = checkNoHarm(metrics({ finishMs: 33_600 }), metrics({ finishMs: 300 }));
    expect(slow.pass).toBe(false);
    expect(slow.detail).toContain("finish 33.60 s > 1.2 × 0.30 s");
    // Below 100% the finish is not held against the subject.
    expect(checkNoHarm(metrics({ successPct: 90, finishMs: 33_600 }), metrics({ successPct: 80, finishMs: 300 })).pass).toBe(true);
  });

  test("an outage that heals: the floor the dead target sets is named beside the check", () => {
    const heal = { firstSuccessMs: 474, calls: 108, successPct: 100 };
    const check = checkNoHarm(metrics({ calls: 788, successPct: 43.78, heal }), metrics({ calls: 788, successPct: 50.25 }));
    expect(check.pass).toBe(false);
    expect(check.detail).toBe("success 43.78% < 50.25% − 0.5; the dead target's floor: ~25 calls refused after healing = 3.17 points of 788 calls");
  });
});

describe("dead service", () => {
  const dead = (requestsPerCall: number, failP50Ms: number | null) => metrics({ successPct: 0, dead: { calls: 200, succeeded: 0, requestsPerCall, failP50Ms } });

  test("≤ 0.02 requests per call and a median time to fail under 1 ms pass", () => {
    expect(checkDead(dead(0.01, 0.2))).toMatchObject({ kind: "dead", pass: true });
  });

  test("too many requests, or failing slowly, or no window, fail", () => {
    expect(checkDead(dead(1.5, 0.2)).pass).toBe(false);
    expect(checkDead(dead(0.01, 250)).pass).toBe(false);
    expect(checkDead(dead(0.01, 250)).detail).toContain("fail p50 250.00 ms ≥ 1 ms");
    expect(checkDead(metrics()).pass).toBe(false);
  });
});

describe("heal", () => {
  test("a first success within 1 s and full success from 2 s after pass", () => {
    expect(checkHeal(metrics({ heal: { firstSuccessMs: 40, calls: 100, successPct: 100 } })).pass).toBe(true);
  });

  test("a breaker that keeps refusing fails", () => {
    expect(checkHeal(metrics({ heal: { firstSuccessMs: 4000, calls: 100, successPct: 100 } })).pass).toBe(false);
    expect(checkHeal(metrics({ heal: { firstSuccessMs: 40, calls: 100, successPct: 72.5 } })).pass).toBe(false);
    expect(checkHeal(metrics({ heal: { firstSuccessMs: null, calls: 100, successPct: 0 } })).detail).toContain("first success never");
  });
});

describe("quota", () => {
  test("steady: 100% success and goodput ≥ 95% of the quota", () => {
    expect(checkQuota(metrics({ goodput: 96 }), 100).pass).toBe(true);
    expect(checkQuota(metrics({ goodput: 91.1 }), 100)).toMatchObject({ pass: false, detail: "success 100.00%; goodput 91.1/s = 91.1% of 100/s < 95%" });
    expect(checkQuota(metrics({ successPct: 87.2, goodput: 99 }), 100).pass).toBe(false);
  });

  test("moving: goodput ≥ 90% of the optimum", () => {
    expect(checkQuotaStep(metrics({ goodput: 200 }), 214).pass).toBe(true);
    expect(checkQuotaStep(metrics({ goodput: 174 }), 214).pass).toBe(false);
  });

  test("the optimum: calls sent as soon as they arrive and the server's bucket holds a token", () => {
    // No quota: the last call ends at its arrival plus the latency.
    expect(optimumFinish([0, 100, 900], [], 10)).toEqual({ finishMs: 910, goodput: (1000 * 3) / 910 });
    // 1000 calls at once against 100/s with a 10-token bucket: 10 at once, then one per 10 ms.
    const burst = optimumFinish(new Array(1000).fill(0), [{ atMs: 0, requestsPerSecond: 100 }]);
    expect(burst.finishMs).toBeGreaterThanOrEqual(9890);
    expect(burst.finishMs).toBeLessThanOrEqual(9910);
    // 300 → 100 → 300/s, 2 s each, demand 360/s: the backlog drains after the last arrival.
    const arrivals = Array.from({ length: 2160 }, (_, i) => (i * 1000) / 360);
    const stepped = optimumFinish(arrivals, [
      { atMs: 0, requestsPerSecond: 300 },
      { atMs: 2000, requestsPerSecond: 100 },
      { atMs: 4000, requestsPerSecond: 300 },
    ]);
    // Served by 6 s: 600 + 200 + 600 plus three refilled buckets of 30, 10, 30; the remaining ~690 at 300/s.
    expect(stepped.finishMs).toBeGreaterThan(8200);
    expect(stepped.finishMs).toBeLessThan(8500);
  });
});

test("checkCell: no-harm first, then the cell's own targets", () => {
  const subject = metrics({ successPct: 0, dead: { calls: 100, succeeded: 0, requestsPerCall: 0.01, failP50Ms: 0.1 }, heal: { firstSuccessMs: 5, calls: 10, successPct: 100 } });
  const checks = checkCell(["dead", "heal"], {}, subject, metrics({ successPct: 0 }));
  expect(checks.map((c) => [c.kind, c.pass])).toEqual([
    ["no-harm", true],
    ["dead", true],
    ["heal", true],
  ]);
  expect(checkCell(["quota-step"], { optimumGoodput: 200 }, metrics({ goodput: 100 }), metrics()).map((c) => c.pass)).toEqual([true, false]);
});

describe("stackMetrics", () => {
  const record = (scheduledMs: number, durationMs: number, ok: boolean, requests: number): CallRecord => ({
    scheduledMs,
    startMs: scheduledMs,
    endMs: scheduledMs + durationMs,
    ok,
    requests,
  });

  test("success, goodput, latency of successes, requests per call and finish from the focus start", () => {
    const records = [record(0, 10, true, 1), record(100, 30, true, 2), record(200, 800, false, 3)];
    const m = stackMetrics(records, { requests: 6, throttled: 2 }, { focusFromMs: 100 });
    expect(m).toMatchObject({ calls: 3, succeeded: 2, successPct: 66.67, goodput: 2, p50Ms: 10, p99Ms: 30, requestsPerCall: 2, throttledPct: 33.33, finishMs: 900 });
  });

  test("dead window: requests per call and time to fail of the calls scheduled in it; heal: first success and full success after", () => {
    const records = [
      record(0, 300, false, 3), // before detection
      record(2000, 0.2, false, 0),
      record(2100, 0.4, false, 0),
      record(2200, 15, false, 1), // a probe
      record(2300, 0.3, false, 0),
      record(3900, 150, true, 2), // its retry outlived the heal
      record(4000, 12, true, 1), // after healing at 4 s
      record(6000, 11, true, 1),
    ];
    const m = stackMetrics(records, { requests: 8, throttled: 0 }, { deadWindow: { fromMs: 2000, toMs: 4000 }, healAtMs: 4000, fullSuccessAfterMs: 2000 });
    expect(m.dead).toEqual({ calls: 5, succeeded: 1, requestsPerCall: 0.6, failP50Ms: 0.3 });
    expect(m.heal).toEqual({ firstSuccessMs: 12, calls: 1, successPct: 100 });
  });
});
