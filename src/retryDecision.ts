import { backoffBase, backoffDelay } from "./backoff";
import type { Failure } from "./classification";
import { RETRYABLE_CLASSES } from "./classification";
import type { CallPolicy } from "./operations";
import type { ResolvedOptions } from "./options";
import type { RetryBudget } from "./retryBudget";
import type { ErrorClass, GiveUpReason } from "./types";

/** Everything a retry decision looks at. */
export interface RetryQuestion {
  failure: Pick<Failure, "errorClass" | "neverSent">;
  /** The attempt that failed (1-based, counted over the whole call). */
  attempt: number;
  policy: CallPolicy;
  /** Overrides the policy's idempotency (a partial re-send of undelivered addresses cannot deliver twice). */
  idempotent?: boolean;
  /** The budget the retry draws from, when budgets are on. */
  budget: RetryBudget | undefined;
  /** Time since the call started, ms. */
  elapsedMs: number;
  /** The previous backoff of this call, ms (decorrelated jitter grows from it); 0 for none. */
  previousDelayMs: number;
  /** The rate limiter paces the call's quota (throttling backs off from a shorter base). */
  paced: boolean;
  /** Attempts that do not count towards maxAttempts: throttles the rate limiter had paced. Default 0. */
  uncounted?: number;
  /** The failed attempt is one of them: its retry waits its turn in the limiter's queue, with no backoff. */
  queued?: boolean;
  /** The server's hint (`Retry-After`, `x-amz-retry-after`), ms, when it sent one. */
  hintMs: number | undefined;
  aborted: boolean;
  circuitOpen: boolean;
}

/** A retry allowed, with its delay and the budget it drew; or refused, with the reason. */
export type RetryDecision = { refuse: GiveUpReason } | { refuse?: undefined; delayMs: number; cost: number };

/** The facts a refusal is judged on. */
interface RefusalFacts {
  errorClass: ErrorClass;
  neverSent: boolean;
  attempt: number;
  maxAttempts: number;
  budget: RetryBudget | undefined;
  cost: number;
  delayMs: number;
  elapsedMs: number;
  deadlineMs: number | undefined;
  idempotent: boolean;
  retryNonIdempotent: boolean;
  aborted: boolean;
  circuitOpen: boolean;
}

/** Reasons to refuse a retry, checked in order: the first that holds wins. */
const REFUSALS: ReadonlyArray<readonly [GiveUpReason, (facts: RefusalFacts) => boolean]> = [
  ["aborted", ({ aborted }) => aborted],
  ["non-retryable", ({ errorClass }) => !RETRYABLE_CLASSES.has(errorClass)],
  // A throttled or never-sent request was not processed, so resending it cannot deliver twice.
  [
    "non-idempotent",
    ({ retryNonIdempotent, idempotent, errorClass, neverSent }) => !retryNonIdempotent && !idempotent && errorClass !== "THROTTLING" && !neverSent,
  ],
  ["max-attempts", ({ attempt, maxAttempts }) => attempt >= maxAttempts],
  ["circuit-open", ({ circuitOpen }) => circuitOpen],
  ["deadline", ({ deadlineMs, elapsedMs, delayMs }) => deadlineMs !== undefined && elapsedMs + delayMs >= deadlineMs],
  ["retry-budget", ({ budget, cost }) => budget !== undefined && budget.available < cost],
];

/**
 * Decides on a retry: the refusal table, then the delay (`t_i = jitter(min(maxMs, base · 2^i))`, at
 * least the server's hint capped at `maxRetryAfterMs`) and the budget cost. When the retry is allowed,
 * its cost is drawn from the budget.
 */
export function decideRetry(question: RetryQuestion, options: ResolvedOptions): RetryDecision {
  const { failure, policy, budget } = question;
  const { backoff, maxRetryAfterMs, retryBudget, retryNonIdempotent, clock } = options;
  // Paced throttles wait their turn: they neither count towards maxAttempts nor grow the backoff.
  const attempt = question.attempt - (question.uncounted ?? 0);
  const baseMs = backoffBase(backoff, failure.errorClass, question.paced);
  const computed = question.queued ? 0 : backoffDelay(backoff, baseMs, attempt - 1, question.previousDelayMs, clock.random());
  const delayMs = question.hintMs === undefined ? computed : Math.max(computed, Math.min(question.hintMs, maxRetryAfterMs));
  // A queued retry (of a throttle the limiter paced) waits its turn under the limiter, which bounds such
  // retries as a budget would (and MAX_PACED_THROTTLE_RETRIES per call): it costs the budget nothing.
  const cost = !retryBudget || question.queued ? 0 : failure.errorClass === "THROTTLING" ? retryBudget.throttlingCost : retryBudget.retryCost;
  const facts: RefusalFacts = {
    errorClass: failure.errorClass,
    neverSent: failure.neverSent,
    attempt,
    maxAttempts: policy.maxAttempts,
    budget,
    cost,
    delayMs,
    elapsedMs: question.elapsedMs,
    deadlineMs: policy.deadlineMs,
    idempotent: question.idempotent ?? policy.idempotent,
    retryNonIdempotent,
    aborted: question.aborted,
    circuitOpen: question.circuitOpen,
  };
  const refusal = REFUSALS.find(([, applies]) => applies(facts))?.[0];
  if (refusal) return { refuse: refusal };
  budget?.tryWithdraw(cost);
  return { delayMs, cost };
}
