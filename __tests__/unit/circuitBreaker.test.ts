import { CircuitBreaker } from "../../src/breaker/CircuitBreaker";
import type { Admission, CircuitBreakerPolicy } from "../../src/breaker/CircuitBreaker";
import { SlidingWindow } from "../../src/breaker/SlidingWindow";
import type { CircuitState } from "../../src";

const policy: CircuitBreakerPolicy = { consecutiveFailures: 4, probeIntervalMs: 1000, closeAfterSuccesses: 2 };

function breakerWithLog(p: CircuitBreakerPolicy = policy) {
  const transitions: string[] = [];
  const breaker = new CircuitBreaker(p, (from: CircuitState, to: CircuitState) => transitions.push(`${from}->${to}`));
  return { breaker, transitions };
}

/** A breaker opened at `at` by a run of failures. */
function openedAt(at: number, p: CircuitBreakerPolicy = policy) {
  const log = breakerWithLog(p);
  for (let i = 0; i < p.consecutiveFailures; i++) log.breaker.record(at, "failure");
  expect(log.breaker.stateAt(at)).toBe("open");
  return log;
}

function probeOf(admission: Admission): number {
  if (!admission.admitted || admission.probe === undefined) throw new Error(`expected a probe, got ${JSON.stringify(admission)}`);
  return admission.probe;
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

describe("CircuitBreaker: when it opens", () => {
  test("after consecutiveFailures failed attempts in a row", () => {
    const { breaker, transitions } = breakerWithLog();
    for (let t = 0; t < 3; t++) breaker.record(t, "failure");
    expect(breaker.stateAt(3)).toBe("closed");
    breaker.record(3, "failure");
    expect(breaker.stateAt(3)).toBe("open");
    expect(transitions).toEqual(["closed->open"]);
  });

  test("a success ends the run: a service that answers now and then never opens it", () => {
    const { breaker, transitions } = breakerWithLog();
    // 3 failures of every 4 attempts, for a long time: 75% failures, runs of 3.
    for (let t = 0; t < 10_000; t++) breaker.record(t, t % 4 === 3 ? "success" : "failure");
    expect(breaker.stateAt(10_000)).toBe("closed");
    expect(transitions).toEqual([]);
  });

  test("neutral outcomes (throttling, client errors, aborts) neither count nor end the run", () => {
    const { breaker } = breakerWithLog();
    for (let i = 0; i < 10; i++) breaker.record(i, "neutral");
    expect(breaker.stateAt(10)).toBe("closed");
    breaker.record(11, "failure");
    breaker.record(12, "neutral");
    breaker.record(13, "failure");
    breaker.record(14, "neutral");
    breaker.record(15, "failure");
    breaker.record(16, "failure");
    expect(breaker.stateAt(16)).toBe("open");
  });

  test("its own refusals change nothing: however many calls it refuses, the next probe comes on time", () => {
    const { breaker, transitions } = openedAt(0);
    for (let t = 0; t < 1000; t += 10) expect(breaker.tryAcquire(t)).toMatchObject({ admitted: false });
    expect(breaker.tryAcquire(1000)).toMatchObject({ admitted: true });
    expect(transitions).toEqual(["closed->open"]);
  });
});

describe("CircuitBreaker: open", () => {
  test("refuses with the time to the next probe; time alone changes no state", () => {
    const { breaker, transitions } = openedAt(100);
    expect(breaker.tryAcquire(300)).toEqual({ admitted: false, retryAfterMs: 800 });
    expect(breaker.stateAt(5_000)).toBe("open");
    expect(breaker.isOpen(5_000)).toBe(true);
    expect(transitions).toEqual(["closed->open"]);
  });

  test("lets one probe through per probeIntervalMs, counted from the last probe", () => {
    const { breaker } = openedAt(0);
    expect(breaker.tryAcquire(999)).toMatchObject({ admitted: false });
    expect(breaker.tryAcquire(1000)).toMatchObject({ admitted: true });
    expect(breaker.tryAcquire(1000)).toEqual({ admitted: false, retryAfterMs: 1000 });
    expect(breaker.tryAcquire(1500)).toEqual({ admitted: false, retryAfterMs: 500 });
    // A late call is the next probe, and the interval restarts from it.
    expect(breaker.tryAcquire(3200)).toMatchObject({ admitted: true });
    expect(breaker.tryAcquire(4100)).toMatchObject({ admitted: false });
    expect(breaker.tryAcquire(4200)).toMatchObject({ admitted: true });
  });

  test("a failed probe keeps it open, with no event; the next probe comes an interval after the last", () => {
    const { breaker, transitions } = openedAt(0);
    probeOf(breaker.tryAcquire(1000));
    breaker.record(1020, "failure");
    expect(breaker.stateAt(1020)).toBe("open");
    expect(breaker.tryAcquire(1500)).toEqual({ admitted: false, retryAfterMs: 500 });
    expect(breaker.tryAcquire(2000)).toMatchObject({ admitted: true });
    expect(transitions).toEqual(["closed->open"]);
  });
});

describe("CircuitBreaker: closing", () => {
  test("a successful probe half-opens it; closeAfterSuccesses successes in a row close it", () => {
    const { breaker, transitions } = openedAt(0);
    const probe = probeOf(breaker.tryAcquire(1000));
    breaker.record(1020, "success");
    breaker.releaseProbe(probe);
    expect(breaker.stateAt(1020)).toBe("half-open");
    expect(breaker.isOpen(1020)).toBe(false);
    const second = probeOf(breaker.tryAcquire(1030));
    breaker.record(1050, "success");
    breaker.releaseProbe(second);
    expect(breaker.stateAt(1050)).toBe("closed");
    expect(breaker.tryAcquire(1051)).toEqual({ admitted: true, probe: undefined });
    expect(transitions).toEqual(["closed->open", "open->half-open", "half-open->closed"]);
  });

  test("half-open lets through as many calls at a time as successes are missing", () => {
    const { breaker } = openedAt(0, { ...policy, closeAfterSuccesses: 3 });
    probeOf(breaker.tryAcquire(1000));
    breaker.record(1020, "success");
    // Two successes missing: two calls at a time, the third waits for them.
    probeOf(breaker.tryAcquire(1021));
    probeOf(breaker.tryAcquire(1022));
    expect(breaker.tryAcquire(1023)).toEqual({ admitted: false, retryAfterMs: 1000 });
    breaker.record(1040, "success");
    breaker.record(1041, "success");
    expect(breaker.stateAt(1041)).toBe("closed");
  });

  test("a failure while half-open opens it again, and the next probe waits an interval", () => {
    const { breaker, transitions } = openedAt(0);
    probeOf(breaker.tryAcquire(1000));
    breaker.record(1020, "success");
    probeOf(breaker.tryAcquire(1030));
    breaker.record(1050, "failure");
    expect(breaker.stateAt(1050)).toBe("open");
    expect(breaker.tryAcquire(1100)).toEqual({ admitted: false, retryAfterMs: 950 });
    expect(breaker.tryAcquire(2050)).toMatchObject({ admitted: true });
    expect(transitions).toEqual(["closed->open", "open->half-open", "half-open->open"]);
  });

  test("a late success of a call admitted before it opened counts like a probe's", () => {
    const { breaker, transitions } = openedAt(0);
    breaker.record(10, "success");
    expect(breaker.stateAt(10)).toBe("half-open");
    breaker.record(11, "success");
    expect(transitions).toEqual(["closed->open", "open->half-open", "half-open->closed"]);
  });

  test("closed again, it needs a whole new run of failures", () => {
    const { breaker } = openedAt(0);
    probeOf(breaker.tryAcquire(1000));
    breaker.record(1001, "success");
    breaker.record(1002, "success");
    for (let i = 0; i < 3; i++) breaker.record(1003 + i, "failure");
    expect(breaker.stateAt(1010)).toBe("closed");
  });

  test("closeAfterSuccesses 1: the first successful probe closes it", () => {
    const { breaker, transitions } = openedAt(0, { ...policy, closeAfterSuccesses: 1 });
    probeOf(breaker.tryAcquire(1000));
    breaker.record(1020, "success");
    expect(breaker.stateAt(1020)).toBe("closed");
    expect(transitions).toEqual(["closed->open", "open->half-open", "half-open->closed"]);
  });
});

describe("CircuitBreaker: probe slots", () => {
  test("a probe that ended without a verdict (neutral) gives its half-open slot back", () => {
    const { breaker } = openedAt(0);
    probeOf(breaker.tryAcquire(1000));
    breaker.record(1020, "success");
    const neutral = probeOf(breaker.tryAcquire(1030));
    expect(breaker.tryAcquire(1031)).toMatchObject({ admitted: false });
    breaker.record(1040, "neutral");
    breaker.releaseProbe(neutral);
    expect(breaker.tryAcquire(1041)).toMatchObject({ admitted: true });
  });

  test("a stale release cannot free a slot of a later period", () => {
    const { breaker } = openedAt(0);
    probeOf(breaker.tryAcquire(1000));
    breaker.record(1001, "success");
    const stale = probeOf(breaker.tryAcquire(1002));
    breaker.record(1003, "failure"); // open again
    probeOf(breaker.tryAcquire(2003));
    breaker.record(2004, "success"); // half-open again
    probeOf(breaker.tryAcquire(2005));
    breaker.releaseProbe(stale);
    expect(breaker.tryAcquire(2006)).toMatchObject({ admitted: false });
  });
});

describe("CircuitBreaker.view", () => {
  test("closed: the recent outcomes; open: the time to the next probe, down to 0, still open; reading changes nothing", () => {
    const { breaker, transitions } = breakerWithLog();
    breaker.record(0, "success");
    breaker.record(10, "failure");
    breaker.record(20, "neutral");
    expect(breaker.view(30)).toEqual({ state: "closed", retryAfterMs: 0, attempts: 2, failures: 1 });
    breaker.record(50, "success");
    for (let i = 0; i < 4; i++) breaker.record(100, "failure");
    expect(breaker.view(100)).toEqual({ state: "open", retryAfterMs: 1000, attempts: 7, failures: 5 });
    expect(breaker.view(600)).toMatchObject({ state: "open", retryAfterMs: 500 });
    expect(breaker.view(5000)).toMatchObject({ state: "open", retryAfterMs: 0 });
    expect(transitions).toEqual(["closed->open"]);
    expect(breaker.tryAcquire(5000)).toMatchObject({ admitted: true });
  });
});
