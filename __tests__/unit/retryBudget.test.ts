import { RetryBudget } from "../../src/retryBudget";
import { resolveOptions } from "../../src/options";
import { decideRetry } from "../../src/retryDecision";
import type { RetryQuestion } from "../../src/retryDecision";
import type { ErrorClass } from "../../src/types";

describe("RetryBudget", () => {
  test("withdraws while it can, refuses without taking anything, refunds up to capacity", () => {
    const budget = new RetryBudget(30);
    expect(budget.tryWithdraw(14)).toBe(true);
    expect(budget.tryWithdraw(14)).toBe(true);
    expect(budget.available).toBe(2);
    expect(budget.tryWithdraw(5)).toBe(false);
    expect(budget.available).toBe(2);
    budget.refund(14);
    expect(budget.available).toBe(16);
    budget.refund(1000);
    expect(budget.available).toBe(30);
  });
});

describe("retry decisions", () => {
  // No jitter: the first retry waits exactly baseMs, so the deadline arithmetic is exact.
  const settings = { backoff: { baseMs: 100, throttlingBaseMs: 100, maxMs: 1000, jitter: "none" as const }, retryBudget: { retryCost: 14 } };
  const options = resolveOptions(settings);
  const strictOptions = resolveOptions({ ...settings, retryNonIdempotent: false });
  const base: RetryQuestion = {
    failure: { errorClass: "TRANSIENT", neverSent: false },
    attempt: 1,
    policy: { maxAttempts: 3, deadlineMs: undefined, idempotent: true },
    budget: undefined,
    elapsedMs: 0,
    previousDelayMs: 0,
    paced: false,
    hintMs: undefined,
    aborted: false,
    circuitOpen: false,
  };
  const reason = (question: RetryQuestion, opts = options) => decideRetry(question, opts).refuse;
  const transient = (errorClass: ErrorClass) => ({ ...base, failure: { ...base.failure, errorClass } });

  test("a retryable error within limits is retried after the backoff, drawing its cost from the budget", () => {
    expect(decideRetry(base, options)).toEqual({ delayMs: 100, cost: 14 });
    expect(reason(transient("THROTTLING"))).toBeUndefined();
    const budget = new RetryBudget(20);
    decideRetry({ ...base, budget }, options);
    expect(budget.available).toBe(6);
  });

  test("a server hint longer than the backoff sets the delay, capped at maxRetryAfterMs", () => {
    expect(decideRetry({ ...base, hintMs: 700 }, options)).toMatchObject({ delayMs: 700 });
    expect(decideRetry({ ...base, hintMs: 60_000 }, options)).toMatchObject({ delayMs: options.maxRetryAfterMs });
  });

  test("each limit has its reason, and a refusal draws nothing", () => {
    expect(reason(transient("CLIENT_ERROR"))).toBe("non-retryable");
    expect(reason(transient("SERVER_ERROR"))).toBe("non-retryable");
    expect(reason({ ...base, attempt: 3 })).toBe("max-attempts");
    const poor = new RetryBudget(10);
    expect(reason({ ...base, budget: poor })).toBe("retry-budget");
    expect(poor.available).toBe(10);
    expect(reason({ ...base, aborted: true })).toBe("aborted");
    expect(reason({ ...base, circuitOpen: true })).toBe("circuit-open");
    const withDeadline = { ...base, policy: { ...base.policy, deadlineMs: 1000 } };
    expect(reason({ ...withDeadline, elapsedMs: 950 })).toBe("deadline");
    expect(reason({ ...withDeadline, elapsedMs: 850 })).toBeUndefined();
  });

  test("a throttle the rate limiter paced waits its turn: it spends no attempt and no budget, grows no backoff, has no delay of its own", () => {
    const throttled = { ...transient("THROTTLING"), paced: true };
    // Attempt 3 of 3, but one of the three was a paced throttle: a retry, at once, back to the limiter's queue.
    expect(decideRetry({ ...throttled, attempt: 3, uncounted: 1, queued: true }, options)).toEqual({ delayMs: 0, cost: 0 });
    // The limiter bounds such retries: an empty budget does not refuse one, and loses nothing to it.
    const empty = new RetryBudget(500);
    empty.tryWithdraw(500);
    expect(reason({ ...throttled, attempt: 2, uncounted: 1, queued: true, budget: empty })).toBeUndefined();
    expect(empty.available).toBe(0);
    // A throttle the limiter had not paced draws on the budget as any retry.
    expect(reason({ ...throttled, attempt: 2, uncounted: 0, queued: false, budget: empty })).toBe("retry-budget");
    // Two counted attempts before it: the backoff is the second retry's (100 × 2), not the third's.
    expect(decideRetry({ ...throttled, attempt: 4, uncounted: 2, queued: false }, options)).toMatchObject({ delayMs: 200 });
    // A server hint still holds.
    expect(decideRetry({ ...throttled, attempt: 2, uncounted: 1, queued: true, hintMs: 300 }, options)).toMatchObject({ delayMs: 300 });
    // Counted attempts alone reach maxAttempts.
    expect(reason({ ...throttled, attempt: 5, uncounted: 2, queued: false })).toBe("max-attempts");
    // The deadline holds whatever the count.
    expect(reason({ ...throttled, attempt: 2, uncounted: 1, queued: true, policy: { ...base.policy, deadlineMs: 1000 }, elapsedMs: 1000 })).toBe("deadline");
  });

  test("non-idempotent operations: only throttling or never-sent failures are retried when retryNonIdempotent is false", () => {
    const strict = { ...base, policy: { ...base.policy, idempotent: false } };
    expect(reason(strict, strictOptions)).toBe("non-idempotent");
    expect(reason({ ...strict, failure: { errorClass: "THROTTLING", neverSent: false } }, strictOptions)).toBeUndefined();
    expect(reason({ ...strict, failure: { errorClass: "TRANSIENT", neverSent: true } }, strictOptions)).toBeUndefined();
    expect(reason({ ...strict, idempotent: true }, strictOptions)).toBeUndefined();
    expect(reason(strict)).toBeUndefined();
  });

  test("first match wins: the order is the table's", () => {
    expect(reason({ ...transient("CLIENT_ERROR"), attempt: 3 })).toBe("non-retryable");
    expect(reason({ ...transient("CLIENT_ERROR"), aborted: true })).toBe("aborted");
    expect(reason({ ...base, attempt: 3, circuitOpen: true })).toBe("max-attempts");
  });
});
