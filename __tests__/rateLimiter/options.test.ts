import * as defaults from "../../src/constants";
import { resolveLimiterOptions } from "../../src/options";
import { AdaptiveRateLimiter } from "../../src/rateLimiter";
import { MAX_TIMER_DELAY_MS } from "../../src/timerLimit";

describe("limiter options", () => {
  test("defaults", () => {
    const resolved = resolveLimiterOptions();
    expect(resolved).toMatchObject({
      beta: defaults.DEFAULT_LIMITER_BETA,
      growth: defaults.DEFAULT_LIMITER_GROWTH,
      holdoffMs: defaults.DEFAULT_LIMITER_HOLDOFF_MS,
      minRate: defaults.DEFAULT_LIMITER_MIN_RATE,
      burstMs: defaults.DEFAULT_LIMITER_BURST_MS,
    });
    expect(typeof resolved.clock.now()).toBe("number");
    expect(typeof resolved.sleep).toBe("function");
  });

  test.each([
    [{ beta: 1 }, 'option "rateLimiter.beta" must be a number in (0, 1) (got 1)'],
    [{ beta: 0 }, 'option "rateLimiter.beta" must be a number in (0, 1) (got 0)'],
    [{ growth: 0 }, 'option "rateLimiter.growth" must be a finite number > 0 (got 0)'],
    [{ holdoffMs: -1 }, 'option "rateLimiter.holdoffMs" must be a finite number >= 0 and <= 2147483647 (setTimeout\'s limit) (got -1)'],
    [{ minRate: Infinity }, 'option "rateLimiter.minRate" must be a finite number >= 4.656612875245797e-7 (1000 / 2147483647:'],
    [{ minRate: 0 }, 'option "rateLimiter.minRate" must be a finite number >= 4.656612875245797e-7'],
    [{ minRate: 1e-7 }, "the longest pacing wait, 1000 / minRate ms, must be <= 2147483647 (setTimeout's limit)) (got 1e-7)"],
    [{ burstMs: "10" }, 'option "rateLimiter.burstMs" must be a finite number >= 0 and <= 2147483647 (setTimeout\'s limit) (got "10")'],
    [{ clock: {} }, 'option "rateLimiter.clock" must be an object with a now() function'],
    [{ sleep: 5 }, 'option "rateLimiter.sleep" must be a function (got 5)'],
    [{ windowMs: 100 }, 'option "rateLimiter.windowMs" must be one of the known options'],
    [{ minrate: 1 }, "did you mean minRate?"],
  ])("rejects %j", (options, message) => {
    expect(() => resolveLimiterOptions(options as never)).toThrow(message);
    expect(() => new AdaptiveRateLimiter(options as never)).toThrow(message);
  });

  test("accepts the lowest minRate, whose pacing wait is the longest a timer holds", () => {
    const { minRate } = resolveLimiterOptions({ minRate: 1000 / MAX_TIMER_DELAY_MS });
    expect(1000 / minRate).toBeLessThanOrEqual(MAX_TIMER_DELAY_MS);
  });

  test("rejects a non-object", () => {
    expect(() => resolveLimiterOptions("fast" as never)).toThrow('option "rateLimiter" must be an object');
  });
});
