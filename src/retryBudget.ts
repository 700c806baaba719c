/** Resolved retry budget settings. */
export interface RetryBudgetPolicy {
  capacity: number;
  retryCost: number;
  throttlingCost: number;
  /**
   * Given explicitly (`retryBudget: {...}`): every service has a budget. By default only the services whose
   * SDK client keeps one in its standard mode do (see `ServiceTable.sdkKeepsRetryBudget`).
   */
  everyService: boolean;
}

/**
 * A token bucket that retries draw from and successes refill, so that a failing service is not
 * hammered by every caller's retries at once.
 */
export class RetryBudget {
  private tokens: number;

  /** @param capacity - Tokens in a full bucket, and at the start. */
  constructor(readonly capacity: number) {
    this.tokens = capacity;
  }

  /** Tokens left. */
  get available(): number {
    return this.tokens;
  }

  /** Takes `cost` tokens if there are enough; false (and nothing taken) otherwise. */
  tryWithdraw(cost: number): boolean {
    if (cost > this.tokens) return false;
    this.tokens -= cost;
    return true;
  }

  /** Gives tokens back, never above capacity. */
  refund(amount: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + amount);
  }
}
