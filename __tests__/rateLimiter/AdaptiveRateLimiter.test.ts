import {
  DEFAULT_LIMITER_BETA,
  DEFAULT_LIMITER_GROWTH,
  LIMITER_QUIET_MS,
  LIMITER_RECOVERY_MS,
  LIMITER_RETURN_DOUBLING_MS,
  LIMITER_WINDOW_MS,
} from "../../src/constants";
import { AdaptiveRateLimiter } from "../../src/rateLimiter";
import { FakeTime } from "./simulation";

function limiterOnFakeTime(options = {}) {
  const time = new FakeTime();
  const limiter = new AdaptiveRateLimiter({ ...options, clock: time.clock, sleep: time.sleep });
  return { time, limiter };
}

/** A caller that has gone already: its acquisition counts as demand, and its wait leaves the queue at once. */
const GONE = { aborted: true };

/**
 * `perSecond` acquisitions and responses per second from `fromMs` to `toMs`, every `throttleEvery`-th throttled:
 * the demand and the service's answers, whatever the pacing (nobody stays in the queue).
 */
function traffic(time: FakeTime, limiter: AdaptiveRateLimiter, fromMs: number, toMs: number, perSecond: number, throttleEvery = 0, retries = false) {
  let i = 0;
  for (let t = fromMs; t < toMs; t += 1000 / perSecond) {
    time.now = t;
    void limiter.acquire(GONE, retries);
    i++;
    limiter.onResponse({ throttled: throttleEvery > 0 && i % throttleEvery === 0 });
  }
  time.now = toMs;
}

/** One throttled response at `atMs`. */
function throttleAt(time: FakeTime, limiter: AdaptiveRateLimiter, atMs: number) {
  time.now = atMs;
  void limiter.acquire(GONE);
  limiter.onResponse({ throttled: true });
}

/** Acquires for `calls` new calls at once; how many got their turn once every wait has settled. */
async function burstReleased(limiter: AdaptiveRateLimiter, calls: number): Promise<number> {
  let released = 0;
  await Promise.all(Array.from({ length: calls }, () => limiter.acquire()?.then(() => released++) ?? released++));
  return released;
}

/**
 * Paced after a saturated second at `perSecond` (half of it throttled), the limiter's capacity measured at about
 * `perSecond / 2` over a long episode. Returns when the last decrease happened.
 */
function saturate(time: FakeTime, limiter: AdaptiveRateLimiter, perSecond: number, fromMs = 0, toMs = fromMs + 1000): number {
  traffic(time, limiter, fromMs, toMs, perSecond, 2);
  return time.now;
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

  describe("a stray throttle changes nothing", () => {
    test.each([1, 2])("%d throttles in a trickle of 5 calls/s: no pacing, no promise", (throttles) => {
      const { time, limiter } = limiterOnFakeTime();
      traffic(time, limiter, 0, 2000, 5);
      for (let i = 0; i < throttles; i++) throttleAt(time, limiter, 2000 + 200 * i);
      expect(limiter.currentRate()).toBeUndefined();
      traffic(time, limiter, 2400, 3000, 5);
      // Then a burst: every call goes at once.
      for (let i = 0; i < 300; i++) expect(limiter.acquire()).toBeUndefined();
    });

    test("a small share of throttles at high traffic is no saturation (1,000 calls/s, 1 in 1,000 throttled)", () => {
      const { time, limiter } = limiterOnFakeTime();
      traffic(time, limiter, 0, 5000, 1000, 1000);
      expect(limiter.currentRate()).toBeUndefined();
    });

    test("three throttles that are a large share of the responses are: the limiter engages", () => {
      const { time, limiter } = limiterOnFakeTime();
      traffic(time, limiter, 0, 2000, 100, 4);
      expect(limiter.currentRate()).toBeDefined();
    });

    test("sustained throttling is, however small its share (1,000 calls/s)", () => {
      const { time, limiter } = limiterOnFakeTime();
      traffic(time, limiter, 0, 3000, 1000, 500); // 2 a second: 6 over the evidence window
      expect(limiter.currentRate()).toBeUndefined();
      for (let i = 0; i < 4; i++) throttleAt(time, limiter, 3000 + i);
      expect(limiter.currentRate()).toBeDefined();
    });
  });

  test("predictedWaitMs: 0 while not pacing; paced, the waiters ahead and the token deficit over the rate", async () => {
    const { time, limiter } = limiterOnFakeTime();
    expect(limiter.predictedWaitMs()).toBe(0);
    saturate(time, limiter, 100);
    const rate = limiter.currentRate();
    expect(rate).toBeDefined();
    const perTurnMs = 1000 / (rate as number);
    // Drain the bucket: the first waiter queues.
    const turns: Promise<void>[] = [];
    while (limiter.waiting === 0) {
      const turn = limiter.acquire();
      if (turn) turns.push(turn);
    }
    const first = limiter.predictedWaitMs();
    expect(first).toBeGreaterThan(perTurnMs);
    expect(first).toBeLessThanOrEqual(2 * perTurnMs);
    for (let i = 0; i < 9; i++) turns.push(limiter.acquire() as Promise<void>);
    expect(limiter.waiting).toBe(10);
    // Same instant, same rate: each waiter ahead adds one turn.
    expect(limiter.predictedWaitMs()).toBeCloseTo(first + 9 * perTurnMs, 6);
    // The prediction holds, at the rate of now: the rate recovers while the queue drains, so the turn comes
    // a little early, never late (timers have ms resolution).
    const predicted = limiter.predictedWaitMs();
    const start = time.now;
    let servedAt = -1;
    turns.push((limiter.acquire() as Promise<void>).then(() => void (servedAt = time.now)));
    await time.run();
    await Promise.all(turns);
    expect(servedAt - start).toBeGreaterThanOrEqual(0.8 * predicted);
    expect(servedAt - start).toBeLessThanOrEqual(predicted + 1);
  });

  test("engaging, it paces at what the service accepted lately, below the rate it was sent, then returns towards that rate", () => {
    const { time, limiter } = limiterOnFakeTime();
    traffic(time, limiter, 0, 1000, 100);
    // Then 1,000 sends/s, one in four throttled: the service takes 750/s.
    let t = 1000;
    for (let i = 1; limiter.currentRate() === undefined && t < 2000; i++, t++) {
      time.now = t;
      void limiter.acquire({ aborted: true });
      limiter.onResponse({ throttled: i % 4 === 0 });
    }
    expect(t).toBeLessThan(1100);
    expect(limiter.currentRate()).toBeLessThan(DEFAULT_LIMITER_BETA * 1000);
    // No throttle comes: back towards beta × the rate it was sent at, doubling, from the recovery time on.
    traffic(time, limiter, t, t + 1500, 1000);
    expect(limiter.currentRate()).toBeGreaterThan(0.95 * DEFAULT_LIMITER_BETA * 1000);
  });

  test("deep in an episode the capacity is what the service accepted since it began, however fast it was sending", () => {
    const { time, limiter } = limiterOnFakeTime();
    // 2,000 sends/s, one in four accepted: the service takes 500/s.
    traffic(time, limiter, 0, 1000, 2000, 0);
    for (let t = 1000; t < 1301; t += 0.5) {
      time.now = t;
      limiter.onResponse({ throttled: Math.round(t * 2) % 4 !== 0 });
    }
    const rate = limiter.currentRate() as number;
    expect(rate).toBeGreaterThan(DEFAULT_LIMITER_BETA * 500 * 0.97);
    expect(rate).toBeLessThan(DEFAULT_LIMITER_BETA * 500 * 1.07);
  });

  test("one cut per episode: a volley of throttles decreases once, and measures at the same capacity do not compound", () => {
    const { time, limiter } = limiterOnFakeTime({ holdoffMs: 100 });
    const at = saturate(time, limiter, 1000); // the service takes 500/s
    throttleAt(time, limiter, at);
    const afterFirst = limiter.currentRate() as number;
    for (let i = 0; i < 64; i++) throttleAt(time, limiter, at);
    expect(limiter.currentRate()).toBe(afterFirst);
    // Three more saturated seconds at the same capacity: a decrease every hold-off, each measured, none multiplied.
    for (let t = at; t < at + 3000; t += 100) {
      saturate(time, limiter, 1000, t, t + 100);
      expect(limiter.currentRate()).toBeGreaterThan(0.95 * DEFAULT_LIMITER_BETA * 500);
    }
  });

  test("after a decrease the rate is back at the measured capacity after the recovery time, then probes above it (CUBIC)", () => {
    const { time, limiter } = limiterOnFakeTime();
    const at = saturate(time, limiter, 1000);
    const { capacity, decreasedAt, best } = limiter as unknown as { capacity: number; decreasedAt: number; best: number };
    expect(capacity).toBeCloseTo(500, -1);
    // The best capacity measured during that second, a little above the last measure: the curve goes on from it.
    expect(best).toBeGreaterThanOrEqual(capacity);
    expect(best).toBeLessThan(1.03 * capacity);
    // Demand high enough that the idle cap stays out of the way (900/s), yet under twice the rate (no search), no throttle.
    traffic(time, limiter, at, decreasedAt + LIMITER_RECOVERY_MS, 900);
    expect(limiter.currentRate()).toBeCloseTo(capacity, 0);
    traffic(time, limiter, decreasedAt + LIMITER_RECOVERY_MS, decreasedAt + LIMITER_RECOVERY_MS + 1000, 900);
    expect(limiter.currentRate()).toBeCloseTo(best * (1 + DEFAULT_LIMITER_GROWTH), -1);
  });

  test("remembers the best recent capacity and returns to it quickly after a drop", () => {
    const { time, limiter } = limiterOnFakeTime();
    const at = saturate(time, limiter, 1200); // capacity about 600/s
    const best = (limiter as unknown as { best: number }).best;
    expect(best).toBeGreaterThan(590);
    expect(best).toBeLessThan(620);
    const dropped = saturate(time, limiter, 400, at + 100, at + 1100); // capacity about 200/s
    expect(limiter.currentRate()).toBeLessThan(0.4 * best);
    // Back at the best rate a recovery time plus log2(3) doublings later, not after seconds of CUBIC.
    const back = dropped + LIMITER_RECOVERY_MS + Math.log2(best / 200) * LIMITER_RETURN_DOUBLING_MS;
    traffic(time, limiter, dropped, back + 20, 700);
    expect(limiter.currentRate()).toBeGreaterThan(0.98 * best);
  });

  test("bestMemoryMs 0 (the fleet's controller): no best rate is kept, the rate comes back by CUBIC's curve alone", () => {
    const { time, limiter } = limiterOnFakeTime({ bestMemoryMs: 0 });
    const at = saturate(time, limiter, 1200); // capacity about 600/s
    const dropped = saturate(time, limiter, 400, at + 100, at + 1100); // capacity about 200/s
    const back = dropped + LIMITER_RECOVERY_MS + Math.log2(3) * LIMITER_RETURN_DOUBLING_MS;
    traffic(time, limiter, dropped, back + 20, 700);
    // Where the remembering limiter is back near 600/s, this one is on the curve from about 200/s.
    expect(limiter.currentRate()).toBeLessThan(300);
    expect(() => new AdaptiveRateLimiter({ bestMemoryMs: -1 })).toThrow(/rateLimiter.bestMemoryMs.*>= 0/);
  });

  test("new calls at twice the rate or more with no throttle: the rate searches upwards, doubling; retries alone do not", () => {
    const search = limiterOnFakeTime();
    const retries = limiterOnFakeTime();
    for (const [{ time, limiter }, asRetries] of [
      [search, false],
      [retries, true],
    ] as const) {
      const at = saturate(time, limiter, 1000); // capacity about 500/s
      traffic(time, limiter, at, at + 1500, 1500, 0, asRetries);
    }
    // From the recovery time on, doubling every 200 ms up to twice the demand; CUBIC alone is 20% above 500/s.
    expect(search.limiter.currentRate()).toBeGreaterThan(2000);
    expect(retries.limiter.currentRate()).toBeLessThan(1.3 * 500);
  });

  test("an idle client's rate does not grow past its capacity or twice its demand, and once quiet the limiter stops pacing", () => {
    const { time, limiter } = limiterOnFakeTime();
    const at = saturate(time, limiter, 1000);
    traffic(time, limiter, at, at + 1000, 100);
    expect(limiter.currentRate()).toBeLessThanOrEqual(1.05 * 500);
    traffic(time, limiter, at + 1000, at + 1000 + LIMITER_QUIET_MS, 100);
    expect(limiter.currentRate()).toBeUndefined();
    expect(limiter.acquire()).toBeUndefined();
  });

  test("keeps pacing while the demand is at the rate, past the quiet time, until it is far above the capacity", () => {
    const { time, limiter } = limiterOnFakeTime();
    const at = saturate(time, limiter, 1000); // capacity about 500/s, measured at a demand of 1,000/s
    let t = at;
    for (; limiter.currentRate() !== undefined; t += 100) {
      const rate = limiter.currentRate() as number;
      traffic(time, limiter, t, t + 100, rate);
      time.now = t + 100;
    }
    // CUBIC's probe, followed by the demand, met no throttle: paced for seconds, let go once the demand was four
    // times what the measure rested on (4,000/s, about 3.3 s after the last decrease).
    expect(t - at).toBeGreaterThan(1.5 * LIMITER_QUIET_MS);
    expect(t - at).toBeLessThan(4000);
  });

  test("a burst of new calls right after a throttle at low traffic goes at once: the measure says nothing of what the quota takes at once", async () => {
    const { time, limiter } = limiterOnFakeTime({ burstMs: 0 });
    traffic(time, limiter, 0, 4000, 20, 5); // 20 calls/s, one in five throttled: paced at about 16/s
    throttleAt(time, limiter, 4000);
    expect(limiter.currentRate()).toBeDefined();
    time.now = 4010; // 10 ms after the last throttle
    expect(await burstReleased(limiter, 300)).toBe(300);
    expect(time.now).toBe(4010);
    expect(limiter.currentRate()).toBeUndefined();
  });

  test("a burst that was under way when the quota throttled it stays paced: it is what the measure rests on", () => {
    const { time, limiter } = limiterOnFakeTime({ burstMs: 0 });
    // 3,000 calls/s from 0; the quota throttles the twentieth to the thirtieth.
    let paced = 0;
    for (let i = 0; i < 300; i++) {
      time.now = i / 3;
      if (limiter.acquire(GONE) !== undefined) paced++;
      if (i >= 20 && i < 30) limiter.onResponse({ throttled: true });
    }
    expect(limiter.currentRate()).toBeDefined();
    expect(paced).toBeGreaterThan(250);
  });

  test("a demand far above what its measure rests on stops the pacing, and whoever waits goes at once", async () => {
    const { time, limiter } = limiterOnFakeTime({ burstMs: 0 });
    const at = saturate(time, limiter, 20); // a trickle's measure: about 10/s
    time.now = at + LIMITER_WINDOW_MS; // no throttle for a second
    expect(await burstReleased(limiter, 300)).toBe(300);
    expect(time.now).toBe(at + LIMITER_WINDOW_MS);
    expect(limiter.currentRate()).toBeUndefined();
  });

  test("never drops below minRate", () => {
    const { time, limiter } = limiterOnFakeTime({ minRate: 2 });
    for (let t = 0; t < 5000; t += 10) {
      time.now = t;
      limiter.observeAcquire();
      limiter.onResponse({ throttled: true });
    }
    expect(limiter.currentRate()).toBeGreaterThanOrEqual(2);
  });

  test("when paced, releases waiters in FIFO order, one per 1/rate", async () => {
    const { time, limiter } = limiterOnFakeTime({ burstMs: 0 });
    saturate(time, limiter, 200);
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
      saturate(time, limiter, 200);
      const signals = [0, 1, 2, 3].map(() => ({ aborted: false }));
      const released: number[] = [];
      const waits = signals.map((signal, i) => {
        const wait = limiter.acquire(signal);
        return wait ? wait.then(() => released.push(i)) : released.push(i);
      });
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
    saturate(time, limiter, 1000);
    for (let i = 0; i < 100; i++) {
      time.now += 20; // 50/s, far under the rate
      expect(limiter.acquire()).toBeUndefined();
    }
  });

  test("bursts at most burstMs worth of the rate", () => {
    const { time, limiter } = limiterOnFakeTime({ burstMs: 50 });
    const at = saturate(time, limiter, 2000);
    time.now = at + 1000; // a full bucket
    const rate = limiter.currentRate() as number;
    let immediate = 0;
    while (limiter.acquire() === undefined) immediate++;
    expect(immediate).toBeLessThanOrEqual(Math.ceil((rate * 50) / 1000));
    expect(immediate).toBeGreaterThanOrEqual(Math.floor((rate * 50) / 1000) - 1);
  });
});
