/** The family's open-loop schedules and its driver: seeded, fixed in advance, indifferent to slow calls. */
import { drive } from "../../bench/family/runCell";
import { arrivalTimes, MAX_SCHEDULED_CALLS, segmentBounds } from "../../bench/family/schedule";

describe("arrivalTimes", () => {
  test("the same seed gives the same times; another seed, other times", () => {
    const spec = { process: "poisson" as const, segments: [{ durationMs: 2000, ratePerSecond: 100 }] };
    const a = arrivalTimes({ ...spec, seed: 7 });
    expect(arrivalTimes({ ...spec, seed: 7 })).toEqual(a);
    expect(arrivalTimes({ ...spec, seed: 8 })).not.toEqual(a);
  });

  test("Poisson: about rate × duration calls, ascending, inside the segment, with exponential-looking gaps", () => {
    const times = arrivalTimes({ process: "poisson", seed: 3, segments: [{ durationMs: 10_000, ratePerSecond: 200 }] });
    expect(times.length).toBeGreaterThan(1900);
    expect(times.length).toBeLessThan(2100);
    expect(times.every((t, i) => t >= 0 && t < 10_000 && (i === 0 || t >= times[i - 1]))).toBe(true);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    const mean = gaps.reduce((sum, g) => sum + g, 0) / gaps.length;
    expect(mean).toBeCloseTo(5, 0);
    // An exponential's standard deviation equals its mean; evenly spaced calls would have none.
    const sd = Math.sqrt(gaps.reduce((sum, g) => sum + (g - mean) ** 2, 0) / gaps.length);
    expect(sd / mean).toBeGreaterThan(0.8);
    expect(sd / mean).toBeLessThan(1.2);
  });

  test("fixed: each caller sends evenly at rate / callers from its own phase", () => {
    const times = arrivalTimes({ process: "fixed", callers: 4, seed: 1, segments: [{ durationMs: 1000, ratePerSecond: 40 }] });
    expect(times).toHaveLength(40);
    const one = arrivalTimes({ process: "fixed", callers: 1, seed: 1, segments: [{ durationMs: 1000, ratePerSecond: 10 }] });
    const gaps = one.slice(1).map((t, i) => t - one[i]);
    for (const gap of gaps) expect(gap).toBeCloseTo(100, 6);
  });

  test("segments: idle stretches hold no call, a burst starts at its segment's first instant, rates change per segment", () => {
    const segments = [{ durationMs: 1000, ratePerSecond: 50 }, { durationMs: 2000 }, { durationMs: 0, burst: 30 }, { durationMs: 1000, ratePerSecond: 500 }];
    expect(segmentBounds(segments)).toEqual([0, 1000, 3000, 3000, 4000]);
    const times = arrivalTimes({ process: "poisson", seed: 2, segments });
    expect(times.filter((t) => t >= 1000 && t < 3000)).toEqual([]);
    expect(times.filter((t) => t === 3000)).toHaveLength(30);
    const late = times.filter((t) => t > 3000).length;
    const early = times.filter((t) => t < 1000).length;
    expect(late).toBeGreaterThan(5 * early);
  });

  test("a schedule is bounded", () => {
    expect(() => arrivalTimes({ process: "fixed", seed: 1, segments: [{ durationMs: 1000, burst: MAX_SCHEDULED_CALLS + 1 }] })).toThrow(/at most/);
  });
});

describe("drive: the open loop", () => {
  test("calls start on schedule although earlier ones never end, and those still running at the cap count as unfinished failures", async () => {
    const arrivalsMs = [0, 20, 40, 60, 80];
    const started: number[] = [];
    const records = await drive({ arrivalsMs, graceMs: 100 }, async (index, record) => {
      started.push(index);
      record.requests++;
      if (index % 2 === 0) return new Promise(() => undefined); // never settles
      if (index === 3) throw new Error("refused");
      return "ok";
    });
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(records.map((r) => r.ok)).toEqual([false, true, false, false, false]);
    expect(records.map((r) => Boolean(r.unfinished))).toEqual([true, false, true, false, true]);
    for (const [i, record] of records.entries()) {
      expect(record.scheduledMs).toBe(arrivalsMs[i]);
      expect(record.startMs).toBeGreaterThanOrEqual(arrivalsMs[i]);
      expect(record.endMs).toBeGreaterThanOrEqual(record.startMs);
      expect(record.requests).toBe(1);
    }
    // The cap is the last start plus the grace.
    expect(records[0].endMs).toBeGreaterThan(170);
  });

  test("a run whose calls all settle ends without waiting for the cap", async () => {
    const began = performance.now();
    const records = await drive({ arrivalsMs: [0, 5, 10], graceMs: 60_000 }, async () => "ok");
    expect(records.every((r) => r.ok && !r.unfinished)).toBe(true);
    expect(performance.now() - began).toBeLessThan(5000);
  });
});
