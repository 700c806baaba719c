import { LOG_PREFIX } from "./constants";
import type { AttemptFailure } from "./callState";
import type { GiveUpReason, OperationRef, ResilienceLogger } from "./types";

/** What happens after a failed attempt, when it is known. */
export type FailureDecision = { retryInMs: number } | { giveUp: GiveUpReason } | undefined;

function attemptLabel(attempt: number, maxAttempts: number | undefined): string {
  return maxAttempts === undefined ? `attempt ${attempt}` : `attempt ${attempt}/${maxAttempts}`;
}

/**
 * One line per failed attempt. Only the error's name, class, HTTP status and request id: never its
 * message, which services fill with request content (phone numbers, message text).
 */
export function formatFailure(
  ref: OperationRef,
  attempt: number,
  maxAttempts: number | undefined,
  failure: AttemptFailure,
  decision: FailureDecision,
  sendRate?: number,
): string {
  const details = [
    failure.httpStatusCode === undefined ? "no HTTP response" : `HTTP ${failure.httpStatusCode}`,
    failure.errorClass,
    ...(failure.requestId ? [`requestId ${failure.requestId}`] : []),
    ...(sendRate === undefined ? [] : [`paced at ${sendRate.toFixed(1)} req/s`]),
  ].join(", ");
  const next =
    decision === undefined ? "" : "retryInMs" in decision ? `; retrying in ${decision.retryInMs} ms` : `; giving up (${decision.giveUp})`;
  return `${LOG_PREFIX} ${ref.service}.${ref.operation} ${attemptLabel(attempt, maxAttempts)} failed: ${failure.errorName} (${details})${next}`;
}

/** The line for a call that succeeded after retries. */
export function formatSuccess(ref: OperationRef, attempts: number, totalDelayMs: number, durationMs: number): string {
  return `${LOG_PREFIX} ${ref.service}.${ref.operation} succeeded on attempt ${attempts} after ${Math.round(totalDelayMs)} ms of backoff (${Math.round(durationMs)} ms in all)`;
}

/** The line for a call that failed for good, when no attempt line already said so. */
export function formatGiveUp(ref: OperationRef, attempts: number, reason: GiveUpReason, errorName: string): string {
  return `${LOG_PREFIX} ${ref.service}.${ref.operation} gave up after ${attempts} attempt(s) (${reason}): ${errorName}`;
}

/** Writes debug lines when debug is on; a logger that throws is ignored. */
export class DebugLog {
  constructor(
    readonly enabled: boolean,
    private readonly ownLogger: ResilienceLogger | undefined,
  ) {}

  /** Writes `line()` through the library's logger, else `clientLogger`. The line is built only when on. */
  write(clientLogger: ResilienceLogger | undefined, line: () => string): void {
    if (!this.enabled) return;
    const logger = this.ownLogger ?? clientLogger;
    if (!logger?.debug) return;
    try {
      logger.debug(line());
    } catch {
      // A broken logger must not fail the call.
    }
  }
}

/**
 * Writes a warning through `logger`, else the console (with no logger at all, e.g. the strategy used
 * alone, a broken hook or classifier still deserves to be seen). A logger that throws is ignored.
 */
export function warnSafely(logger: ResilienceLogger | undefined, message: string): void {
  try {
    (logger?.warn ?? console.warn).call(logger ?? console, `${LOG_PREFIX} ${message}`);
  } catch {
    // A broken logger must not fail the call.
  }
}
