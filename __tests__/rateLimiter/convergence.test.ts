/** Dynamics on fake time against a simulated token-bucket quota (see simulation.ts). */
import type { SimulationResult } from "./simulation";
import { simulate } from "./simulation";

/** Limiter rates sampled in [fromMs, toMs). */
function ratesBetween(result: SimulationResult, fromMs: number, toMs: number): number[] {
  return result.trace.filter(([t, rate]) => t >= fromMs && t < toMs && rate !== undefined).map(([, rate]) => rate as number);
}

describe("adaptive rate limiter against a simulated quota", () => {
  test("the bench's throttled scenario: 100% success, goodput ≥ 90% of capacity, rate settles near it", async () => {
    const result = await simulate({ capacity: 300, calls: 1500, concurrency: 64, seed: 1 });
    expect(result.failed).toBe(0);
    expect((1000 * result.succeeded) / result.durationMs).toBeGreaterThanOrEqual(270);
    expect(result.throttled / result.requests).toBeLessThan(0.1);
    // After the start-up storm, only CUBIC's occasional probes are throttled.
    expect(result.throttleTimes.filter((t) => t >= 1000).length).toBeLessThanOrEqual(5);
    for (const rate of ratesBetween(result, 1000, result.durationMs)) {
      expect(rate).toBeGreaterThan(0.8 * 300);
      expect(rate).toBeLessThan(1.2 * 300);
    }
  });

  test("without a limiter the same setup storms: the simulation reproduces the SDK standard mode's losses", async () => {
    const result = await simulate({ capacity: 300, calls: 1500, concurrency: 64, seed: 1, limiter: false });
    expect(result.failed).toBeGreaterThan(0);
    expect(result.throttled / result.requests).toBeGreaterThan(0.2);
  });

  test.each([
    [50, 500, 16],
    [1000, 5000, 128],
  ])("converges near a capacity of %d requests/s", async (capacity, calls, concurrency) => {
    const result = await simulate({ capacity, calls, concurrency, seed: 2 });
    expect(result.failed).toBe(0);
    expect((1000 * result.succeeded) / result.durationMs).toBeGreaterThanOrEqual(0.85 * capacity);
    const settled = ratesBetween(result, 2000, result.durationMs - 500);
    const mean = settled.reduce((a, b) => a + b, 0) / settled.length;
    expect(mean).toBeGreaterThan(0.85 * capacity);
    expect(mean).toBeLessThan(1.15 * capacity);
  });

  test("backs off when the capacity drops", async () => {
    const result = await simulate({ capacity: (t) => (t < 3000 ? 300 : 100), burst: 30, calls: 1600, concurrency: 64, seed: 3 });
    expect(result.failed).toBe(0);
    for (const rate of ratesBetween(result, 4000, result.durationMs)) expect(rate).toBeLessThan(1.2 * 100);
    // The quota's own figure: what it accepted per second once the limiter adjusted.
    for (const accepted of result.acceptedPerSecond.slice(4, -1)) expect(accepted).toBeGreaterThanOrEqual(90);
  });

  test("recovers when the capacity rises (in seconds: CUBIC probes slowly near the old capacity, then fast)", async () => {
    const result = await simulate({ capacity: (t) => (t < 3000 ? 100 : 300), burst: 30, calls: 2600, concurrency: 64, seed: 4 });
    expect(result.failed).toBe(0);
    expect(Math.max(...ratesBetween(result, 1000, 3000))).toBeLessThan(1.3 * 100);
    const recovered = result.trace.find(([t, rate]) => t >= 3000 && (rate ?? 0) >= 0.85 * 300);
    expect(recovered).toBeDefined();
    expect((recovered as [number, number])[0]).toBeLessThan(3000 + 4000);
    for (const accepted of result.acceptedPerSecond.slice(7, -2)) expect(accepted).toBeGreaterThanOrEqual(0.85 * 300);
  });

  test("is deterministic: the same seed gives the same run", async () => {
    const setup = { capacity: 300, calls: 800, concurrency: 64, seed: 7 };
    const [a, b] = [await simulate(setup), await simulate(setup)];
    expect(a).toEqual(b);
  });
});
