import type { CallState } from "./callState";
import { RETRYABLE_CLASSES } from "./classification";
import type { RetryBudget } from "./retryBudget";
import type { ErrorClass, GiveUpReason } from "./types";

/** Everything a retry decision looks at. */
export interface RetryDecisionInput {
  errorClass: ErrorClass;
  /** The attempt that failed (1-based). */
  attempt: number;
  maxAttempts: number;
  budget: RetryBudget | undefined;
  cost: number;
  call: CallState | undefined;
}

/** Reasons to refuse a retry, checked in order: the first that holds wins. */
const REFUSALS: ReadonlyArray<readonly [GiveUpReason, (input: RetryDecisionInput) => boolean]> = [
  ["aborted", ({ call }) => call?.abortSignal?.aborted === true],
  ["non-retryable", ({ errorClass }) => !RETRYABLE_CLASSES.has(errorClass)],
  ["max-attempts", ({ attempt, maxAttempts }) => attempt >= maxAttempts],
  ["retry-budget", ({ budget, cost }) => budget !== undefined && budget.available < cost],
];

/** Why a retry must not be made, or undefined when it may. */
export function refusalReason(input: RetryDecisionInput): GiveUpReason | undefined {
  return REFUSALS.find(([, applies]) => applies(input))?.[0];
}
