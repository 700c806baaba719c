import { RetryBudget } from "../../src/retryBudget";
import { refusalReason } from "../../src/retryDecision";
import type { RetryDecisionInput } from "../../src/retryDecision";

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

describe("refusal reasons", () => {
  const base: RetryDecisionInput = {
    errorClass: "TRANSIENT",
    neverSent: false,
    attempt: 1,
    maxAttempts: 3,
    budget: undefined,
    cost: 14,
    delayMs: 100,
    elapsedMs: 0,
    deadlineMs: undefined,
    idempotent: true,
    retryNonIdempotent: true,
    aborted: false,
    circuitOpen: false,
  };

  test("a retryable error within limits is retried", () => {
    expect(refusalReason(base)).toBeUndefined();
    expect(refusalReason({ ...base, errorClass: "THROTTLING" })).toBeUndefined();
  });

  test("each limit has its reason", () => {
    expect(refusalReason({ ...base, errorClass: "CLIENT_ERROR" })).toBe("non-retryable");
    expect(refusalReason({ ...base, errorClass: "SERVER_ERROR" })).toBe("non-retryable");
    expect(refusalReason({ ...base, attempt: 3 })).toBe("max-attempts");
    expect(refusalReason({ ...base, budget: new RetryBudget(10) })).toBe("retry-budget");
    expect(refusalReason({ ...base, aborted: true })).toBe("aborted");
    expect(refusalReason({ ...base, circuitOpen: true })).toBe("circuit-open");
    expect(refusalReason({ ...base, deadlineMs: 1000, elapsedMs: 950, delayMs: 50 })).toBe("deadline");
    expect(refusalReason({ ...base, deadlineMs: 1000, elapsedMs: 900, delayMs: 50 })).toBeUndefined();
  });

  test("non-idempotent operations: only throttling or never-sent failures are retried when retryNonIdempotent is false", () => {
    const strict = { ...base, idempotent: false, retryNonIdempotent: false };
    expect(refusalReason(strict)).toBe("non-idempotent");
    expect(refusalReason({ ...strict, errorClass: "THROTTLING" })).toBeUndefined();
    expect(refusalReason({ ...strict, neverSent: true })).toBeUndefined();
    expect(refusalReason({ ...base, idempotent: false })).toBeUndefined();
  });

  test("first match wins: the order is the table's", () => {
    expect(refusalReason({ ...base, errorClass: "CLIENT_ERROR", attempt: 3 })).toBe("non-retryable");
    expect(refusalReason({ ...base, aborted: true, errorClass: "CLIENT_ERROR" })).toBe("aborted");
    expect(refusalReason({ ...base, attempt: 3, circuitOpen: true })).toBe("max-attempts");
  });
});
