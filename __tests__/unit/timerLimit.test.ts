import { createResilience } from "../../src";
import { resolveLimiterOptions } from "../../src/options";
import { retryAfterHintMs } from "../../src/retryAfterHint";
import { MAX_TIMER_DELAY_MS } from "../../src/timerLimit";

test("the limit is setTimeout's: 2^31 - 1 ms", () => {
  expect(MAX_TIMER_DELAY_MS).toBe(2 ** 31 - 1);
});

describe("server hints never exceed the timer range", () => {
  const now = Date.parse("Sun, 22 Nov 2026 12:00:00 GMT");

  test.each([
    [{ "x-amz-retry-after": "99999999999" }],
    [{ "retry-after": "99999999" }], // seconds
    [{ "retry-after": "9".repeat(400) }], // Number() reads Infinity
    [{ "retry-after": "Fri, 01 Jan 2100 00:00:00 GMT" }],
  ])("%j is capped at 2^31 - 1 ms", (headers) => {
    expect(retryAfterHintMs(headers, now)).toBe(MAX_TIMER_DELAY_MS);
  });

  test("hints within range are untouched", () => {
    expect(retryAfterHintMs({ "x-amz-retry-after": String(MAX_TIMER_DELAY_MS) }, now)).toBe(MAX_TIMER_DELAY_MS);
    expect(retryAfterHintMs({ "retry-after": "2" }, now)).toBe(2000);
  });

  test("a hint beyond range waits the longest a timer can, never 1 ms", async () => {
    const r = createResilience({ maxRetryAfterMs: MAX_TIMER_DELAY_MS, clock: { random: () => 0 } });
    const error = Object.assign(new Error("busy"), {
      name: "ServiceUnavailable",
      $metadata: { httpStatusCode: 503 },
      $response: { statusCode: 503, headers: { "retry-after": "99999999999" } },
    });
    const token = await r.retryStrategy.acquireInitialRetryToken("Pinpoint");
    const retry = await r.retryStrategy.refreshRetryTokenForRetry(token, { errorType: "TRANSIENT", error: error as never });
    expect(retry.getRetryDelay()).toBe(MAX_TIMER_DELAY_MS);
  });
});

describe("the rate limiter's ms options", () => {
  test.each(["holdoffMs", "burstMs"])("%s is refused beyond the timer range and accepted at its edge", (option) => {
    expect(() => resolveLimiterOptions({ [option]: MAX_TIMER_DELAY_MS + 1 })).toThrow(
      `option "rateLimiter.${option}" must be a finite number >= 0 and <= 2147483647 (setTimeout's limit) (got 2147483648)`,
    );
    expect(resolveLimiterOptions({ [option]: MAX_TIMER_DELAY_MS })[option as "holdoffMs" | "burstMs"]).toBe(MAX_TIMER_DELAY_MS);
  });
});
