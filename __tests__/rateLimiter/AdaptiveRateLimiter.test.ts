import { AdaptiveRateLimiter } from "../../src/rateLimiter";
import { FakeTime } from "./simulation";

function limiterOnFakeTime(options = {}) {
  const time = new FakeTime();
  const limiter = new AdaptiveRateLimiter({ ...options, clock: time.clock, sleep: time.sleep });
  return { time, limiter };
}

/** `perSecond` acquisitions and responses per second from `fromMs` to `toMs`, every `throttleEvery`-th throttled. */
function traffic(time: FakeTime, limiter: AdaptiveRateLimiter, fromMs: number, toMs: number, perSecond: number, throttleEvery = 0) {
  let i = 0;
  for (let t = fromMs; t < toMs; t += 1000 / perSecond) {
    time.now = t;
    void limiter.acquire();
    i++;
    limiter.onResponse({ throttled: throttleEvery > 0 && i % throttleEvery === 0 });
  }
  time.now = toMs;
}

describe("AdaptiveRateLimiter", () => {
  test("never paces, and never makes a promise, while it was never throttled", () => {
    const { time, limiter } = limiterOnFakeTime();
    for (let i = 0; i < 10_000; i++) {
      time.now += 0.05; // 20,000 requests/s
      expect(limiter.acquire()).toBeUndefined();
      limiter.onResponse({ throttled: false });
    }
    expect(limiter.currentRate()).toBeUndefined();
  });

  test("the first throttle, with nothing measured yet, starts pacing at beta × the rate it was sending at", () => {
    const { time, limiter } = limiterOnFakeTime();
    traffic(time, limiter, 0, 2000, 500);
    limiter.onResponse({ throttled: true });
    expect(limiter.currentRate()).toBeCloseTo(0.9 * 500, -1);
  });

  test("while throttles keep coming, the next decrease is to beta × the accepted rate, however fast it was sending", () => {
    const { time, limiter } = limiterOnFakeTime();
    traffic(time, limiter, 0, 1000, 2000);
    limiter.onResponse({ throttled: true });
    // Saturated: of 2000 sends/s, one in four is accepted; the second decrease comes after the 100 ms hold-off.
    for (let t = 1000; t < 1101; t += 0.5) {
      time.now = t;
      limiter.onResponse({ throttled: Math.round(t * 2) % 4 !== 0 });
    }
    expect(limiter.currentRate()).toBeGreaterThan(0.9 * 500 * 0.97);
    expect(limiter.currentRate()).toBeLessThan(0.9 * 500 * 1.03);
  });

  test("a throttle after an idle spell takes at most one multiplicative step, however little the window saw", () => {
    const { time, limiter } = limiterOnFakeTime();
    traffic(time, limiter, 0, 1000, 1000);
    limiter.onResponse({ throttled: true }); // paced at 900/s
    time.now = 5000; // idle: nothing accepted in the last window
    limiter.onResponse({ throttled: true });
    expect(limiter.currentRate()).toBeGreaterThanOrEqual(0.9 * 0.9 * 1000 - 1);
  });

  test("throttles within the hold-off after a decrease do not decrease again", () => {
    const { time, limiter } = limiterOnFakeTime({ holdoffMs: 100 });
    traffic(time, limiter, 0, 1000, 400);
    limiter.onResponse({ throttled: true });
    const afterFirst = limiter.currentRate() as number;
    time.now += 50;
    limiter.onResponse({ throttled: true });
    limiter.onResponse({ throttled: true });
    expect(limiter.currentRate()).toBeGreaterThanOrEqual(afterFirst);
  });

  test("after a decrease the rate climbs back to the measured capacity in K = cbrt((1 - beta) / growth) s, then probes above it", () => {
    const { time, limiter } = limiterOnFakeTime({ beta: 0.9, growth: 0.4 });
    traffic(time, limiter, 0, 1000, 1000);
    limiter.onResponse({ throttled: true });
    const decreasedAt = time.now;
    const k = Math.cbrt(0.1 / 0.4) * 1000;
    // Keep demand high so that the idle cap stays out of the way.
    traffic(time, limiter, decreasedAt, decreasedAt + k, 1000);
    expect(limiter.currentRate()).toBeCloseTo(1000, -1);
    traffic(time, limiter, decreasedAt + k, decreasedAt + k + 1000, 1000);
    expect(limiter.currentRate()).toBeCloseTo(1400, -1);
  });

  test("an idle client's rate does not grow past twice its demand", () => {
    const { time, limiter } = limiterOnFakeTime();
    traffic(time, limiter, 0, 1000, 1000);
    limiter.onResponse({ throttled: true });
    traffic(time, limiter, 1000, 10_000, 100);
    expect(limiter.currentRate()).toBeLessThanOrEqual(1000);
    traffic(time, limiter, 10_000, 20_000, 1);
    expect(limiter.currentRate()).toBeCloseTo(1000, -1);
  });

  test("never drops below minRate", () => {
    const { time, limiter } = limiterOnFakeTime({ minRate: 2 });
    for (let t = 0; t < 5000; t += 10) {
      time.now = t;
      limiter.onResponse({ throttled: true });
    }
    expect(limiter.currentRate()).toBeGreaterThanOrEqual(2);
  });

  test("when paced, releases waiters in FIFO order, one per 1/rate", async () => {
    const { time, limiter } = limiterOnFakeTime({ burstMs: 0 });
    traffic(time, limiter, 0, 1000, 100);
    limiter.onResponse({ throttled: true }); // paced at 90/s
    const rate = limiter.currentRate() as number;
    const released: Array<[number, number]> = [];
    const waits = Array.from({ length: 10 }, (_, i) => {
      const wait = limiter.acquire();
      return wait ? wait.then(() => released.push([i, time.now])) : released.push([i, time.now]);
    });
    expect(limiter.waiting).toBeGreaterThanOrEqual(9);
    await time.run();
    await Promise.all(waits);
    expect(released.map(([i]) => i)).toEqual([...Array(10).keys()]);
    const gaps = released.slice(1).map(([, at], i) => at - released[i][1]);
    for (const gap of gaps.slice(1)) expect(gap).toBeCloseTo(1000 / rate, 0);
    expect(limiter.waiting).toBe(0);
  });

  test("a wait aborted before its turn uses none: the next waiter takes that turn", async () => {
    const run = async (abortSecond: boolean) => {
      const { time, limiter } = limiterOnFakeTime({ burstMs: 0 });
      traffic(time, limiter, 0, 1000, 100);
      limiter.onResponse({ throttled: true });
      const signals = [0, 1, 2, 3].map(() => ({ aborted: false }));
      const released: number[] = [];
      const waits = signals.map((signal, i) => limiter.acquire(signal)?.then(() => released.push(i)));
      if (abortSecond) signals[1].aborted = true;
      await time.run();
      await Promise.all(waits);
      return { released, at: time.now };
    };
    const plain = await run(false);
    const aborted = await run(true);
    // The aborted wait settles (its caller has moved on), and the others finish one turn sooner.
    expect(aborted.released).toEqual([0, 1, 2, 3]);
    expect(aborted.at).toBeLessThan(plain.at);
  });

  test("when paced but under the rate, acquire sends at once without a promise", () => {
    const { time, limiter } = limiterOnFakeTime();
    traffic(time, limiter, 0, 1000, 1000);
    limiter.onResponse({ throttled: true });
    for (let i = 0; i < 100; i++) {
      time.now += 20; // 50/s, far under the rate
      expect(limiter.acquire()).toBeUndefined();
    }
  });
});
