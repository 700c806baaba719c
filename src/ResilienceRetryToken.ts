import type { RetryToken } from "@smithy/types";
import type { Call } from "./call";
import type { RetryBudget } from "./retryBudget";

/** Per-call retry data. Immutable: each retry makes a new token. */
export interface RetryTokenState {
  /** Retries made so far; the SDK sets `$metadata.attempts` to this + 1. */
  readonly retryCount: number;
  /** Delay the SDK's retry middleware sleeps before the next attempt, ms. */
  readonly delayMs: number;
  /** Sum of the delays so far, ms. */
  readonly totalDelayMs: number;
  /** Budget tokens this call has drawn, refunded on success. */
  readonly budgetDrawn: number;
  /** The retry budget this call draws from, once known. */
  readonly budget: RetryBudget | undefined;
  /** The service, once known (from the plugin, or from an error's class). */
  readonly service: string | undefined;
  /**
   * The call, when the plugin registered it.
   * @internal
   */
  readonly call: Call | undefined;
  /** When the call started (clock.now()). */
  readonly startedAt: number;
}

/** The retry token of {@link ResilienceRetryStrategy}. */
export class ResilienceRetryToken implements RetryToken {
  constructor(
    /** This token's per-call data; read-only, {@link ResilienceRetryToken.next} makes the next token. */
    readonly state: RetryTokenState,
  ) {}

  /** Retries made so far. */
  getRetryCount(): number {
    return this.state.retryCount;
  }

  /** Delay before the next attempt, ms. */
  getRetryDelay(): number {
    return this.state.delayMs;
  }

  /** The token for the retry decided: its delay, the budget drawn for it, and what was learnt of the call. */
  next(retry: { delayMs: number; cost: number; service: string; budget: RetryBudget | undefined }): ResilienceRetryToken {
    const s = this.state;
    return new ResilienceRetryToken({
      ...s,
      retryCount: s.retryCount + 1,
      delayMs: retry.delayMs,
      totalDelayMs: s.totalDelayMs + retry.delayMs,
      budgetDrawn: s.budgetDrawn + retry.cost,
      service: retry.service,
      budget: retry.budget,
    });
  }
}
