import { parseArgs } from "../../bench/args";
import { countFor } from "../../bench/scenario";
import { bootstrapInterval, median, percentile, round, runCalls, summarize } from "../../bench/measure";
import { createSeededRandom } from "../../src/testing";
import { formatValue } from "../../bench/report";

describe("bench measurement helpers", () => {
  test("percentile is nearest-rank", () => {
    const values = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 99)).toBe(10);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([42], 99)).toBe(42);
    expect(percentile([], 50)).toBeNaN();
  });

  test("median of odd and even lists", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  test("bootstrapInterval brackets the statistic, narrows with more data, and repeats with a seed", () => {
    const noisy = (n: number, seed: number) => {
      const random = createSeededRandom(seed);
      return Array.from({ length: n }, () => 1 + (random() - 0.5) / 5);
    };
    const small = noisy(25, 1);
    const large = noisy(400, 1);
    const [low, high] = bootstrapInterval(small, median, createSeededRandom(7));
    expect(low).toBeLessThanOrEqual(median(small));
    expect(high).toBeGreaterThanOrEqual(median(small));
    expect(low).toBeLessThan(high);
    const [largeLow, largeHigh] = bootstrapInterval(large, median, createSeededRandom(7));
    expect(largeHigh - largeLow).toBeLessThan((high - low) / 2);
    expect(bootstrapInterval(small, median, createSeededRandom(7))).toEqual([low, high]);
    expect(bootstrapInterval([2, 2, 2], median, createSeededRandom(7))).toEqual([2, 2]);
    expect(bootstrapInterval([], median, createSeededRandom(7))).toEqual([NaN, NaN]);
  });

  test("round keeps non-finite values as null, for JSON", () => {
    expect(round(1.2345, 2)).toBe(1.23);
    expect(round(NaN)).toBeNull();
    expect(round(Infinity)).toBeNull();
  });

  test("runCalls never exceeds the concurrency and records every outcome", async () => {
    let inFlight = 0;
    let peak = 0;
    const batch = await runCalls(50, 4, async (i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight--;
      if (i % 5 === 0) throw Object.assign(new Error("boom"), { name: "InternalServerErrorException", $metadata: { attempts: 3 } });
      return { $metadata: { attempts: 1 } };
    });
    expect(peak).toBe(4);
    expect(batch.outcomes).toHaveLength(50);
    expect(batch.outcomes[0]).toMatchObject({ ok: false, attempts: 3, errorName: "InternalServerErrorException" });
    expect(batch.outcomes[1]).toMatchObject({ ok: true, attempts: 1 });
    const summary = summarize(batch);
    expect(summary).toMatchObject({ calls: 50, succeeded: 40, successPct: 80 });
    expect(summary.goodput).toBeGreaterThan(0);
    expect(summary.p99Ms).toBeGreaterThanOrEqual(summary.p50Ms);
  });

  test("summarize: latency of all calls when none succeeded, and the time to fail", () => {
    const summary = summarize({ outcomes: [{ ok: false, ms: 10 }, { ok: false, ms: 30 }], wallMs: 40 });
    expect(summary).toMatchObject({ successPct: 0, p50Ms: 10, failP50Ms: 10, goodput: 0 });
  });

  test("countFor picks the full or quick count, scales it and keeps a floor", () => {
    expect(countFor({ quick: false, scale: 1 }, 1000, 100)).toBe(1000);
    expect(countFor({ quick: true, scale: 1 }, 1000, 100)).toBe(100);
    expect(countFor({ quick: true, scale: 0.01 }, 1000, 100, 16)).toBe(16);
  });

  test("formatValue", () => {
    expect(formatValue(1234.5678, 1)).toBe("1,234.6");
    expect(formatValue(null)).toBe("n/a");
  });
});

describe("bench arguments", () => {
  test("defaults: every scenario, seed 1, full counts", () => {
    const options = parseArgs([]);
    expect(options).toMatchObject({ seed: 1, quick: false, scale: 1 });
    expect(options !== "help" && options.scenarios).toContain("throttled");
  });

  test("all options", () => {
    expect(
      parseArgs(["--quick", "--seed", "7", "--scenarios", "flaky, throttled", "--json", "out/b.json", "--scale", "0.5", "--variants", "smithy-resilience"]),
    ).toEqual({
      seed: 7,
      quick: true,
      scale: 0.5,
      scenarios: ["flaky", "throttled"],
      jsonPath: "out/b.json",
      variants: ["sdk-standard", "smithy-resilience"],
      // --scenarios without --family: the family does not run.
      family: false,
    });
    expect(parseArgs(["--help"])).toBe("help");
  });

  test.each([
    [["--seed", "x"], "--seed must be an integer"],
    [["--seed"], "--seed needs a value"],
    [["--scenarios", "nope"], "unknown scenario nope"],
    [["--scale", "0"], "--scale must be a number > 0"],
    [["--fast"], "unknown argument --fast"],
    [["--variants", "sdk-legacy"], "unknown variant sdk-legacy"],
  ])("rejects %j", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
