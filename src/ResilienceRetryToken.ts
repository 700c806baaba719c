import type { RetryToken } from "@smithy/types";
import type { CallState } from "./callState";

/** Per-call retry data. Immutable: each retry makes a new token. */
export interface RetryTokenState {
  /** Retries made so far; the SDK sets `$metadata.attempts` to this + 1. */
  readonly retryCount: number;
  /** Delay before the next attempt, ms; the SDK's retry middleware sleeps this long. */
  readonly delayMs: number;
  /** Sum of all delays so far, ms. */
  readonly totalDelayMs: number;
  /** Budget tokens this call has drawn, refunded on success. */
  readonly budgetDrawn: number;
  /** Whose retry budget this call draws from, once known. */
  readonly budgetService: string | undefined;
  readonly budgetRegion: string | undefined;
  /** The call, when the plugin registered it. */
  readonly call: CallState | undefined;
  /** When the call started (clock.now()). */
  readonly startedAt: number;
}

/** The retry token of {@link ResilienceRetryStrategy}. */
export class ResilienceRetryToken implements RetryToken {
  constructor(readonly state: RetryTokenState) {}

  /** Retries made so far. */
  getRetryCount(): number {
    return this.state.retryCount;
  }

  /** Delay before the next attempt, ms. */
  getRetryDelay(): number {
    return this.state.delayMs;
  }

  /** The token for the next attempt. */
  next(delayMs: number, budgetService: string, budgetRegion: string, cost: number): ResilienceRetryToken {
    const s = this.state;
    return new ResilienceRetryToken({
      ...s,
      retryCount: s.retryCount + 1,
      delayMs,
      totalDelayMs: s.totalDelayMs + delayMs,
      budgetDrawn: s.budgetDrawn + cost,
      budgetService,
      budgetRegion,
    });
  }
}
