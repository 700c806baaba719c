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
  const base: RetryDecisionInput = { errorClass: "TRANSIENT", attempt: 1, maxAttempts: 3, budget: undefined, cost: 14, call: undefined };

  test("a retryable error within limits is retried", () => {
    expect(refusalReason(base)).toBeUndefined();
    expect(refusalReason({ ...base, errorClass: "THROTTLING" })).toBeUndefined();
  });

  test("each limit has its reason, first match wins", () => {
    expect(refusalReason({ ...base, errorClass: "CLIENT_ERROR" })).toBe("non-retryable");
    expect(refusalReason({ ...base, errorClass: "SERVER_ERROR" })).toBe("non-retryable");
    expect(refusalReason({ ...base, attempt: 3 })).toBe("max-attempts");
    expect(refusalReason({ ...base, budget: new RetryBudget(10) })).toBe("retry-budget");
    expect(refusalReason({ ...base, errorClass: "CLIENT_ERROR", attempt: 3 })).toBe("non-retryable");
  });
});
