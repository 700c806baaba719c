import { RETRYABLE_CLASSES } from "./classification";
import type { RetryBudget } from "./retryBudget";
import type { ErrorClass, GiveUpReason } from "./types";

/** Everything a retry decision looks at. */
export interface RetryDecisionInput {
  errorClass: ErrorClass;
  /** The failure proves the request never reached the service (connection refused, DNS). */
  neverSent: boolean;
  /** The attempt that failed (1-based, counted over the whole call). */
  attempt: number;
  maxAttempts: number;
  budget: RetryBudget | undefined;
  cost: number;
  /** The delay the retry would wait, ms. */
  delayMs: number;
  /** Time since the call started, ms. */
  elapsedMs: number;
  deadlineMs: number | undefined;
  idempotent: boolean;
  retryNonIdempotent: boolean;
  aborted: boolean;
  circuitOpen: boolean;
}

/** Reasons to refuse a retry, checked in order: the first that holds wins. */
const REFUSALS: ReadonlyArray<readonly [GiveUpReason, (input: RetryDecisionInput) => boolean]> = [
  ["aborted", ({ aborted }) => aborted],
  ["non-retryable", ({ errorClass }) => !RETRYABLE_CLASSES.has(errorClass)],
  // A throttled or never-sent request was not processed, so resending it cannot deliver twice.
  [
    "non-idempotent",
    ({ retryNonIdempotent, idempotent, errorClass, neverSent }) =>
      !retryNonIdempotent && !idempotent && errorClass !== "THROTTLING" && !neverSent,
  ],
  ["max-attempts", ({ attempt, maxAttempts }) => attempt >= maxAttempts],
  ["circuit-open", ({ circuitOpen }) => circuitOpen],
  ["deadline", ({ deadlineMs, elapsedMs, delayMs }) => deadlineMs !== undefined && elapsedMs + delayMs >= deadlineMs],
  ["retry-budget", ({ budget, cost }) => budget !== undefined && budget.available < cost],
];

/** Why a retry must not be made, or undefined when it may. */
export function refusalReason(input: RetryDecisionInput): GiveUpReason | undefined {
  return REFUSALS.find(([, applies]) => applies(input))?.[0];
}
