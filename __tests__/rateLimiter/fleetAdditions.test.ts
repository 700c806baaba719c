/**
 * What the fleet store needs of the adaptive limiter, on fake time: observeAcquire (the demand without a
 * turn, the same state changes as acquire) and startAt (pacing at a capacity another limiter measured).
 */
import { LIMITER_QUIET_MS, LIMITER_RECOVERY_MS } from "../../src/constants";
import { AdaptiveRateLimiter } from "../../src/rateLimiter";
import { FakeTime } from "./simulation";

function limiterOnFakeTime() {
  const time = new FakeTime();
  const limiter = new AdaptiveRateLimiter({ clock: time.clock, sleep: time.sleep });
  return { time, limiter };
}

/** `perSecond` requests and responses from `fromMs` to `toMs`, every `throttleEvery`-th throttled, counted by observeAcquire. */
function observed(time: FakeTime, limiter: AdaptiveRateLimiter, fromMs: number, toMs: number, perSecond: number, throttleEvery = 0) {
  let i = 0;
  for (let t = fromMs; t < toMs; t += 1000 / perSecond) {
    time.now = t;
    limiter.observeAcquire();
    i++;
    limiter.onResponse({ throttled: throttleEvery > 0 && i % throttleEvery === 0 });
  }
  time.now = toMs;
}

describe("AdaptiveRateLimiter.observeAcquire", () => {
  test("learns from observed demand as from acquisitions: engages on a saturated quota, near what it accepts", () => {
    const { time, limiter } = limiterOnFakeTime();
    observed(time, limiter, 0, 1000, 400, 2);
    const rate = limiter.currentRate();
    expect(rate).toBeDefined();
    expect(rate).toBeGreaterThan(100);
    expect(rate).toBeLessThan(300);
  });

  test("takes no turn and queues nothing, while pacing too", () => {
    const { time, limiter } = limiterOnFakeTime();
    observed(time, limiter, 0, 1000, 400, 2);
    for (let i = 0; i < 100; i++) limiter.observeAcquire();
    expect(limiter.waiting).toBe(0);
    expect((time as unknown as { timers: unknown[] }).timers).toHaveLength(0);
  });

  test("lets go once the observed demand is quiet, as acquire does", () => {
    const { time, limiter } = limiterOnFakeTime();
    observed(time, limiter, 0, 1000, 400, 2);
    observed(time, limiter, 1000, 1000 + LIMITER_QUIET_MS + 1000, 5);
    expect(limiter.currentRate()).toBeUndefined();
  });

  test("searches upwards when new calls come at twice the rate and more with no throttle, as waiting callers would", () => {
    const { time, limiter } = limiterOnFakeTime();
    observed(time, limiter, 0, 1000, 200, 2);
    const paced = limiter.currentRate() ?? 0;
    observed(time, limiter, 1000, 1000 + 2 * LIMITER_RECOVERY_MS, Math.round(paced * 3));
    expect(limiter.currentRate() ?? 0).toBeGreaterThan(paced * 1.5);
  });
});

describe("AdaptiveRateLimiter.startAt", () => {
  test("paces at the rate at once, as a measured capacity: turns spaced 1/rate apart", async () => {
    const { time, limiter } = limiterOnFakeTime();
    limiter.startAt(50);
    expect(limiter.currentRate()).toBeCloseTo(50, 5);
    const released: number[] = [];
    const turns = Array.from({ length: 5 }, () => limiter.acquire()).map((turn) => (turn ?? Promise.resolve()).then(() => released.push(time.now)));
    await time.run();
    await Promise.all(turns);
    for (let i = 1; i < released.length; i++) expect(released[i] - released[i - 1]).toBeCloseTo(20, 0);
  });

  test("does not let go before the quiet time, as after a throttle; then follows the throttles it sees", () => {
    const { time, limiter } = limiterOnFakeTime();
    limiter.startAt(100);
    observed(time, limiter, 0, LIMITER_QUIET_MS - 100, 100);
    expect(limiter.currentRate()).toBeGreaterThanOrEqual(100);
    // The quota is lower than the seed: the limiter measures it.
    observed(time, limiter, LIMITER_QUIET_MS - 100, LIMITER_QUIET_MS + 1900, 100, 2);
    expect(limiter.currentRate() ?? 0).toBeLessThan(80);
  });

  test("with no demand at all, lets go after the quiet time", () => {
    const { time, limiter } = limiterOnFakeTime();
    limiter.startAt(100);
    time.now = LIMITER_QUIET_MS + 1;
    expect(limiter.currentRate()).toBeUndefined();
  });

  test("never below minRate", () => {
    const { limiter } = limiterOnFakeTime();
    limiter.startAt(0);
    expect(limiter.currentRate()).toBeGreaterThan(0);
  });
});
