import { createResilience } from "../../src";
import { resolveOptions } from "../../src/options";
import type { ResilienceOptions } from "../../src";

describe("options", () => {
  test("defaults are the SDK's 2026 values", () => {
    const resolved = resolveOptions({}, {});
    expect(resolved.maxAttempts).toBe(3);
    expect(resolved.backoff).toEqual({ baseMs: 50, throttlingBaseMs: 1000, maxMs: 20000, jitter: "full" });
    expect(resolved.maxRetryAfterMs).toBe(20000);
    expect(resolved.retryBudget).toEqual({ capacity: 500, retryCost: 14, throttlingCost: 5 });
    expect(resolved.debug).toBe(false);
    expect(resolved.retryNonIdempotent).toBe(true);
  });

  test("debug turns on from SMITHY_RESILIENCE_DEBUG=1 unless set explicitly", () => {
    expect(resolveOptions({}, { SMITHY_RESILIENCE_DEBUG: "1" }).debug).toBe(true);
    expect(resolveOptions({ debug: false }, { SMITHY_RESILIENCE_DEBUG: "1" }).debug).toBe(false);
    expect(resolveOptions({}, { SMITHY_RESILIENCE_DEBUG: "0" }).debug).toBe(false);
  });

  test("createResilience() works with no options", () => {
    const r = createResilience();
    expect(typeof r.retryStrategy.acquireInitialRetryToken).toBe("function");
    expect(typeof r.plugin.applyToStack).toBe("function");
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ["maxAttempts 0", { maxAttempts: 0 }, /"maxAttempts" must be an integer >= 1 \(got 0\)/],
    ["maxAttempts 2.5", { maxAttempts: 2.5 }, /"maxAttempts" must be an integer >= 1/],
    ["maxAttempts string", { maxAttempts: "3" }, /"maxAttempts" must be an integer >= 1 \(got "3"\)/],
    ["negative base", { backoff: { baseMs: -1 } }, /"backoff.baseMs" must be a finite number >= 0/],
    ["infinite max", { backoff: { maxMs: Infinity } }, /"backoff.maxMs" must be a finite number >= 0/],
    ["NaN throttling base", { backoff: { throttlingBaseMs: NaN } }, /"backoff.throttlingBaseMs"/],
    ["unknown jitter", { backoff: { jitter: "random" } }, /"backoff.jitter" must be one of full, equal, decorrelated, none \(got "random"\)/],
    ["negative maxRetryAfterMs", { maxRetryAfterMs: -5 }, /"maxRetryAfterMs" must be a finite number >= 0/],
    ["budget true", { retryBudget: true }, /"retryBudget" must be an object/],
    ["budget cost", { retryBudget: { retryCost: -1 } }, /"retryBudget.retryCost"/],
    ["classify not a function", { classify: "TRANSIENT" }, /"classify" must be a function/],
    ["hook not a function", { hooks: { onRetry: 42 } }, /"hooks.onRetry" must be a function/],
    ["unknown hook", { hooks: { onRetryy: () => {} } }, /"hooks.onRetryy" must be one of the known options/],
    ["unknown option", { maxAttempt: 3 }, /"maxAttempt" must be one of the known options/],
    ["debug string", { debug: "yes" }, /"debug" must be true or false/],
    ["logger not object", { logger: console.log }, /"logger" must be an object/],
    ["breaker ratio", { circuitBreaker: { failureRatio: 2 } }, /"circuitBreaker.failureRatio" must be a number in \(0, 1\]/],
    ["deadline 0", { deadlineMs: 0 }, /"deadlineMs" must be a finite number > 0/],
    ["operation maxAttempts", { operations: { SendMessages: { maxAttempts: 0 } } }, /"operations.SendMessages.maxAttempts" must be an integer >= 1/],
    ["retryNonIdempotent", { retryNonIdempotent: "no" }, /"retryNonIdempotent" must be true or false/],
    ["options not object", 5, /"options" must be an object/],
    ["rateLimiter", { rateLimiter: "cubic" }, /"rateLimiter" must be "adaptive" or false \(got "cubic"\)/],
    ["clock.now without sleep", { clock: { now: () => 0 } }, /"clock" must be given both now and sleep, or neither/],
    ["clock.sleep not a function", { clock: { now: () => 0, sleep: 5 } }, /"clock.sleep" must be a function/],
  ];

  test.each(bad)("refuses %s with a message naming the option and range", (_label, options, message) => {
    expect(() => createResilience(options as ResilienceOptions)).toThrow(message);
  });

  test("reserved options of later issues are accepted", () => {
    expect(() =>
      createResilience({
        circuitBreaker: { failureRatio: 0.5, minimumCalls: 20, windowMs: 10000, openMs: 5000, halfOpenProbes: 1 },
        deadlineMs: 5000,
        operations: { SendMessages: { maxAttempts: 2, deadlineMs: 1000, idempotent: false } },
        retryNonIdempotent: false,
      }),
    ).not.toThrow();
    expect(() => createResilience({ circuitBreaker: false, retryBudget: false })).not.toThrow();
  });
});
