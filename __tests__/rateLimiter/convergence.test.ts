/**
 * Dynamics on fake time against a simulated token-bucket quota (see simulation.ts and scenarios.ts): the traffic
 * shapes of issue 12, each against its target. DESIGN.md has the same figures over many seeds
 * (bench/simulateLimiter.ts).
 */
import { acceptedBetween, openLoopSteps, spikeAfterIdle, steadyQuota, steppedQuota, trickleThenBurst } from "./scenarios";
import type { SimulationResult } from "./simulation";
import { simulate } from "./simulation";

/** Limiter rates sampled in [fromMs, toMs). */
function ratesBetween(result: SimulationResult, fromMs: number, toMs: number): number[] {
  return result.trace.filter(([t, rate]) => t >= fromMs && t < toMs && rate !== undefined).map(([, rate]) => rate as number);
}

describe("adaptive rate limiter against a simulated quota", () => {
  test("the bench's throttled scenario: 100% success, goodput ≥ 95% of capacity, rate settles near it", async () => {
    const result = await simulate({ capacity: 300, calls: 1500, concurrency: 64, seed: 1 });
    expect(result.failed).toBe(0);
    expect((1000 * result.succeeded) / result.durationMs).toBeGreaterThanOrEqual(285);
    expect(result.throttled / result.requests).toBeLessThan(0.1);
    // After the start-up storm, only CUBIC's occasional probes are throttled.
    expect(result.throttleTimes.filter((t) => t >= 1000).length).toBeLessThanOrEqual(10);
    for (const rate of ratesBetween(result, 1000, result.durationMs)) {
      expect(rate).toBeGreaterThan(0.8 * 300);
      expect(rate).toBeLessThan(1.3 * 300);
    }
  });

  test("without a limiter the same setup storms: the simulation reproduces the SDK standard mode's losses", async () => {
    const result = await simulate({ capacity: 300, calls: 1500, concurrency: 64, seed: 1, limiter: false });
    expect(result.failed).toBeGreaterThan(0);
    expect(result.throttled / result.requests).toBeGreaterThan(0.2);
  });

  describe("a stray throttle changes nothing", () => {
    test.each([1, 2])("a trickle meets %d 429s, then 300 healthy calls finish as fast as unpaced", async (throttles) => {
      for (const seed of [1, 2, 3]) {
        const run = await trickleThenBurst({ seed, throttles });
        expect(run.rateAtBurst).toBeUndefined();
        expect(run.finishMs).toBe(run.unpacedFinishMs);
        expect(run.failed).toBe(0);
      }
    });

    test.each([3, 5])("a trickle refused %d times in a row is saturation, but the burst a second later still goes unpaced", async (throttles) => {
      for (const seed of [1, 2, 3]) {
        const run = await trickleThenBurst({ seed, throttles });
        expect(run.finishMs).toBeLessThanOrEqual(1.2 * run.unpacedFinishMs);
      }
    });

    test("with a 100 ms round trip too", async () => {
      const run = await trickleThenBurst({ throttles: 1, latencyMs: 100 });
      expect(run.finishMs).toBe(run.unpacedFinishMs);
    });
  });

  describe("steady quotas: 100% success, goodput ≥ 95% of capacity", () => {
    const cells = [20, 50, 150, 300, 1000].flatMap((capacity) => [8, 32, 128, 256].map((callers) => [capacity, callers] as const));
    test.each(cells)("%d requests/s, %d callers", async (capacity, callers) => {
      const run = await steadyQuota({ capacity, callers });
      expect(run.success).toBe(1);
      expect(run.goodputShare).toBeGreaterThanOrEqual(0.95);
      // Past the start-up storm, the probes' 429s are a small share of the requests.
      const { result } = run;
      const later = result.throttleTimes.filter((t) => t >= 2000).length;
      expect(later / acceptedBetween(result, 2000, 10_000)).toBeLessThan(capacity <= 50 ? 0.1 : 0.03);
    });

    test.each([
      [20, 32],
      [150, 128],
      [1000, 256],
    ])("were every attempt counted (the SDK's three): ≥ 99.5%% success (%d requests/s, %d callers)", async (capacity, callers) => {
      const run = await steadyQuota({ capacity, callers, pacedThrottlesFree: 0 });
      expect(run.success).toBeGreaterThanOrEqual(0.995);
      expect(run.goodputShare).toBeGreaterThanOrEqual(0.95);
    });

    test("and with a 100 ms round trip (300 requests/s, 128 callers)", async () => {
      const run = await steadyQuota({ capacity: 300, callers: 128, latencyMs: 100 });
      expect(run.success).toBe(1);
      expect(run.goodputShare).toBeGreaterThanOrEqual(0.95);
    });
  });

  describe("capacity moves; the limiter follows", () => {
    test.each([64, 128])("a drop to a third and a recovery (300 → 100 → 300 requests/s, %d callers): each followed within a second", async (callers) => {
      const run = await steppedQuota({
        callers,
        steps: [
          [0, 300],
          [4000, 100],
          [8000, 300],
        ],
        untilMs: 12_000,
      });
      expect(run.success).toBe(1);
      expect(run.goodputShare).toBeGreaterThanOrEqual(0.9);
      for (const followMs of run.followMs) expect(followMs).toBeLessThanOrEqual(1000);
      // While the capacity is low, the limiter stays near it: the returns towards 300 are short probes.
      const low = ratesBetween(run.result, 4500, 8000);
      expect(low.reduce((a, b) => a + b, 0) / low.length).toBeLessThan(1.3 * 100);
    });

    test("the same with a 100 ms round trip", async () => {
      const run = await steppedQuota({
        latencyMs: 100,
        steps: [
          [0, 300],
          [4000, 100],
          [8000, 300],
        ],
        untilMs: 12_000,
      });
      expect(run.goodputShare).toBeGreaterThanOrEqual(0.9);
      for (const followMs of run.followMs) expect(followMs).toBeLessThanOrEqual(1000);
    });

    test("a quota that rises (100 → 300 requests/s) is found by CUBIC's probe within 2.6 s", async () => {
      const run = await steppedQuota({
        steps: [
          [0, 100],
          [4000, 300],
        ],
        untilMs: 12_000,
        burst: 30,
      });
      expect(run.success).toBe(1);
      // At worst the rise comes just after a probe's cut: K + cbrt((0.9 × 3 - 1) / growth) = 0.5 + 2.04 s later.
      expect(run.followMs[0]).toBeLessThanOrEqual(2600);
      // The search costs at most those 2.5 s below the new capacity, out of 8 s at it.
      expect(run.goodputShare).toBeGreaterThanOrEqual(0.85);
    });
  });

  describe("open-loop demand of 360 calls/s over a moving quota (the bench family's quota-drop and quota-rise)", () => {
    test.each([
      [
        "300 → 100 → 300/s, 2 s each",
        [
          [0, 300],
          [2000, 100],
          [4000, 300],
        ],
        6000,
      ],
      [
        "100 → 300/s, 2 s each: new calls outrun the rate, so it searches upwards instead of CUBIC's slow probe",
        [
          [0, 100],
          [2000, 300],
        ],
        4000,
      ],
    ] as const)("%s: 100% success, goodput ≥ 90% of an ideal client's", async (_, steps, durationMs) => {
      for (const seed of [1, 2]) {
        const run = await openLoopSteps({ seed, steps, demandPerSecond: 360, durationMs });
        expect(run.success).toBe(1);
        expect(run.goodputShare).toBeGreaterThanOrEqual(0.9);
      }
    });
  });

  test.each([1000, 5000])("a spike of 10× the quota after %d ms idle: every call succeeds, unpaced loses 10%+", async (idleMs) => {
    const run = await spikeAfterIdle({ idleMs });
    expect(run.success).toBe(1);
    expect(run.unpacedSuccess).toBeLessThan(0.9);
    // Unpaced calls end sooner only because many of them fail.
    expect(run.finishMs).toBeLessThanOrEqual(1.2 * run.unpacedFinishMs);
    expect(run.throttledShare).toBeLessThan(0.05);
  });

  test("is deterministic: the same seed gives the same run", async () => {
    const setup = { capacity: 300, calls: 800, concurrency: 64, seed: 7 };
    const [a, b] = [await simulate(setup), await simulate(setup)];
    expect(a).toEqual(b);
  });
});
