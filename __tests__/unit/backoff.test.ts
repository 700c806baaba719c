import { backoffBase, backoffCeiling, backoffDelay as delayFromBase, JITTER } from "../../src/backoff";
import type { BackoffPolicy } from "../../src/backoff";
import { retryAfterHintMs } from "../../src/retryAfterHint";
import type { ErrorClass } from "../../src";

const policy = (jitter: BackoffPolicy["jitter"]): BackoffPolicy => ({ baseMs: 50, throttlingBaseMs: 1000, maxMs: 20000, jitter });
/** The delay for an unpaced error of `errorClass`. */
const backoffDelay = (p: BackoffPolicy, errorClass: ErrorClass, retryIndex: number, previousMs: number, random: number) =>
  delayFromBase(p, backoffBase(p, errorClass, false), retryIndex, previousMs, random);

describe("backoff", () => {
  test("ceiling doubles per retry and stops at maxMs: t_i = min(MAX, b * 2 ** i)", () => {
    expect([0, 1, 2, 3].map((i) => backoffCeiling(i, 50, 20000))).toEqual([50, 100, 200, 400]);
    expect(backoffCeiling(20, 50, 20000)).toBe(20000);
  });

  test("throttling uses its own base", () => {
    expect(backoffDelay(policy("none"), "THROTTLING", 0, 0, 0.5)).toBe(1000);
    expect(backoffDelay(policy("none"), "TRANSIENT", 0, 0, 0.5)).toBe(50);
    expect(backoffDelay(policy("none"), "THROTTLING", 2, 0, 0.5)).toBe(4000);
  });

  test("throttling backs off from baseMs while the rate limiter paces the quota", () => {
    expect(backoffBase(policy("none"), "THROTTLING", true)).toBe(500);
    expect(backoffBase({ ...policy("none"), throttlingBaseMs: 100 }, "THROTTLING", true)).toBe(100);
    expect(backoffBase(policy("none"), "THROTTLING", false)).toBe(1000);
    expect(backoffBase(policy("none"), "TRANSIENT", true)).toBe(50);
  });

  test("full jitter spans [0, ceiling)", () => {
    expect(backoffDelay(policy("full"), "TRANSIENT", 2, 0, 0)).toBe(0);
    expect(backoffDelay(policy("full"), "TRANSIENT", 2, 0, 0.5)).toBe(100);
    expect(backoffDelay(policy("full"), "TRANSIENT", 2, 0, 0.999)).toBe(200);
  });

  test("equal jitter spans [ceiling/2, ceiling)", () => {
    expect(backoffDelay(policy("equal"), "TRANSIENT", 2, 0, 0)).toBe(100);
    expect(backoffDelay(policy("equal"), "TRANSIENT", 2, 0, 0.5)).toBe(150);
  });

  test("decorrelated jitter draws between base and 3x the previous delay, capped", () => {
    expect(backoffDelay(policy("decorrelated"), "TRANSIENT", 0, 0, 0)).toBe(50);
    expect(backoffDelay(policy("decorrelated"), "TRANSIENT", 1, 100, 1)).toBe(300);
    expect(backoffDelay(policy("decorrelated"), "TRANSIENT", 5, 19000, 1)).toBe(20000);
  });

  test("jitter functions are pure: same inputs, same output", () => {
    for (const mode of Object.keys(JITTER) as Array<keyof typeof JITTER>) {
      expect(JITTER[mode](400, 0.3, 50, 100, 20000)).toBe(JITTER[mode](400, 0.3, 50, 100, 20000));
    }
  });
});

describe("Retry-After hints", () => {
  const now = Date.parse("2026-11-22T12:00:00Z");

  test("delta-seconds, case-insensitive, decimals allowed", () => {
    expect(retryAfterHintMs({ "retry-after": "2" }, now)).toBe(2000);
    expect(retryAfterHintMs({ "Retry-After": "0.5" }, now)).toBe(500);
  });

  test("HTTP date relative to the injected clock; past dates mean now", () => {
    expect(retryAfterHintMs({ "retry-after": "Sun, 22 Nov 2026 12:00:03 GMT" }, now)).toBe(3000);
    expect(retryAfterHintMs({ "retry-after": "Sun, 22 Nov 2026 11:00:00 GMT" }, now)).toBe(0);
  });

  test("x-amz-retry-after (ms) wins over Retry-After", () => {
    expect(retryAfterHintMs({ "x-amz-retry-after": "750", "retry-after": "5" }, now)).toBe(750);
  });

  test("garbage and absence give no hint", () => {
    expect(retryAfterHintMs({ "retry-after": "soon" }, now)).toBeUndefined();
    expect(retryAfterHintMs({ "retry-after": "-3" }, now)).toBeUndefined();
    expect(retryAfterHintMs({}, now)).toBeUndefined();
    expect(retryAfterHintMs(undefined, now)).toBeUndefined();
  });
});
