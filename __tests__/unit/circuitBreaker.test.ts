import { CircuitBreaker } from "../../src/breaker/CircuitBreaker";
import type { CircuitBreakerPolicy } from "../../src/breaker/CircuitBreaker";
import { SlidingWindow } from "../../src/breaker/SlidingWindow";
import type { CircuitState } from "../../src";

const policy: CircuitBreakerPolicy = { failureRatio: 0.5, minimumCalls: 4, windowMs: 1000, openMs: 500, halfOpenProbes: 2 };

function breakerWithLog(p: CircuitBreakerPolicy = policy) {
  const transitions: string[] = [];
  const breaker = new CircuitBreaker(p, (from: CircuitState, to: CircuitState) => transitions.push(`${from}->${to}`));
  return { breaker, transitions };
}

describe("SlidingWindow", () => {
  test("counts within the window (to a tenth of it) and forgets what slid out", () => {
    const window = new SlidingWindow(1000);
    window.record(0, true);
    window.record(50, false);
    window.record(950, true);
    expect(window.counts(999)).toEqual({ total: 3, failures: 2 });
    // Buckets are a tenth of the window: the one holding t=0 and t=50 slid out at once.
    expect(window.counts(1050)).toEqual({ total: 1, failures: 1 });
    expect(window.counts(2500)).toEqual({ total: 0, failures: 0 });
  });

  test("memory is a fixed ring: a million records later, counts are still exact for the window", () => {
    const window = new SlidingWindow(1000);
    for (let t = 0; t < 1_000_000; t++) window.record(t / 10, t % 4 === 0);
    const { total, failures } = window.counts(100_000);
    expect(total).toBe(9_000);
    expect(failures / total).toBeCloseTo(0.25, 2);
  });
});

describe("CircuitBreaker", () => {
  test("stays closed below minimumCalls, opens at the ratio", () => {
    const { breaker, transitions } = breakerWithLog();
    breaker.record(0, "failure");
    breaker.record(1, "failure");
    breaker.record(2, "failure");
    expect(breaker.stateAt(3)).toBe("closed");
    breaker.record(3, "success");
    expect(breaker.stateAt(4)).toBe("open");
    expect(transitions).toEqual(["closed->open"]);
  });

  test("neutral outcomes are not counted", () => {
    const { breaker } = breakerWithLog();
    for (let i = 0; i < 10; i++) breaker.record(i, "neutral");
    breaker.record(10, "failure");
    expect(breaker.stateAt(11)).toBe("closed");
  });

  test("open rejects with the time left; half-open after openMs admits halfOpenProbes", () => {
    const { breaker, transitions } = breakerWithLog();
    for (let i = 0; i < 4; i++) breaker.record(100, "failure");
    expect(breaker.tryAcquire(300)).toEqual({ admitted: false, retryAfterMs: 300 });
    const first = breaker.tryAcquire(600);
    const second = breaker.tryAcquire(600);
    expect(first).toMatchObject({ admitted: true });
    expect(second).toMatchObject({ admitted: true });
    expect(breaker.tryAcquire(600)).toMatchObject({ admitted: false });
    expect(transitions).toEqual(["closed->open", "open->half-open"]);
  });

  test("a probe success closes and clears the window; a probe failure reopens", () => {
    const { breaker, transitions } = breakerWithLog();
    for (let i = 0; i < 4; i++) breaker.record(0, "failure");
    breaker.tryAcquire(500);
    breaker.record(510, "failure");
    expect(breaker.stateAt(511)).toBe("open");
    expect(breaker.tryAcquire(600)).toEqual({ admitted: false, retryAfterMs: 410 });
    breaker.tryAcquire(1010);
    breaker.record(1020, "success");
    expect(breaker.stateAt(1021)).toBe("closed");
    breaker.record(1030, "failure");
    expect(breaker.stateAt(1031)).toBe("closed");
    expect(transitions).toEqual(["closed->open", "open->half-open", "half-open->open", "open->half-open", "half-open->closed"]);
  });

  test("a released probe frees its slot, but a stale release cannot free a later period's slot", () => {
    const { breaker } = breakerWithLog({ ...policy, halfOpenProbes: 1 });
    for (let i = 0; i < 4; i++) breaker.record(0, "failure");
    const probe = breaker.tryAcquire(500);
    expect(breaker.tryAcquire(500)).toMatchObject({ admitted: false });
    if (!probe.admitted || probe.probe === undefined) throw new Error("expected a probe");
    breaker.releaseProbe(probe.probe);
    const next = breaker.tryAcquire(500);
    expect(next).toMatchObject({ admitted: true });
    breaker.record(510, "failure"); // reopen
    const later = breaker.tryAcquire(1010);
    expect(later).toMatchObject({ admitted: true });
    breaker.releaseProbe(probe.probe); // stale
    expect(breaker.tryAcquire(1010)).toMatchObject({ admitted: false });
  });
});
