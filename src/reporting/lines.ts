import { LOG_FIELDS_KEY, LOG_PREFIX } from "../names";
import type { Failure } from "../classification";
import { isSdkNoOpLogger } from "../sdkLogs/noOpLogger";
import type { CircuitState, DebugLogFields, GiveUpReason, OperationRef, ResilienceLogger } from "../types";

/** What happens after a failed attempt, when it is known. */
export type FailureDecision = { retryInMs: number } | { giveUp: GiveUpReason } | undefined;

/** A debug line and the same facts as fields, for loggers with `logFields` set. */
export interface DebugEntry {
  readonly message: string;
  readonly fields: DebugLogFields;
}

function attemptLabel(attempt: number, maxAttempts: number | undefined): string {
  return maxAttempts === undefined ? `attempt ${attempt}` : `attempt ${attempt}/${maxAttempts}`;
}

/** Fields without the keys whose value is unknown, so that no logger prints `undefined`. */
function definedFields(fields: DebugLogFields): DebugLogFields {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as DebugLogFields;
}

/**
 * One line per failed attempt. Only the error's name, class, HTTP status and request id: never its
 * message, which services fill with request content (phone numbers, message text).
 */
export function formatFailure(
  ref: OperationRef,
  attempt: number,
  maxAttempts: number | undefined,
  failure: Failure,
  decision: FailureDecision,
  sendRate?: number,
): DebugEntry {
  const rate = sendRate === undefined ? undefined : sendRate.toFixed(1);
  const details = [
    failure.httpStatusCode === undefined ? "no HTTP response" : `HTTP ${failure.httpStatusCode}`,
    failure.errorClass,
    ...(failure.requestId ? [`requestId ${failure.requestId}`] : []),
    ...(rate === undefined ? [] : [`paced at ${rate} req/s`]),
  ].join(", ");
  const next =
    decision === undefined ? "" : "retryInMs" in decision ? `; retrying in ${decision.retryInMs} ms` : `; giving up (${decision.giveUp})`;
  return {
    message: `${LOG_PREFIX} ${ref.service}.${ref.operation} ${attemptLabel(attempt, maxAttempts)} failed: ${failure.errorName} (${details})${next}`,
    fields: definedFields({
      event: "attempt-failed",
      service: ref.service,
      operation: ref.operation,
      attempt,
      maxAttempts,
      errorName: failure.errorName,
      errorClass: failure.errorClass,
      httpStatusCode: failure.httpStatusCode,
      requestId: failure.requestId || undefined,
      sendRate: rate === undefined ? undefined : Number(rate),
      retryInMs: decision && "retryInMs" in decision ? decision.retryInMs : undefined,
      reason: decision && "giveUp" in decision ? decision.giveUp : undefined,
    }),
  };
}

/** The line for a call that succeeded after retries. */
export function formatSuccess(ref: OperationRef, attempts: number, totalDelayMs: number, durationMs: number): DebugEntry {
  const delay = Math.round(totalDelayMs);
  const duration = Math.round(durationMs);
  return {
    message: `${LOG_PREFIX} ${ref.service}.${ref.operation} succeeded on attempt ${attempts} after ${delay} ms of backoff (${duration} ms in all)`,
    fields: { event: "succeeded", service: ref.service, operation: ref.operation, attempts, totalDelayMs: delay, durationMs: duration },
  };
}

/** The line for a call that failed for good, when no attempt line already said so. */
export function formatGiveUp(ref: OperationRef, attempts: number, reason: GiveUpReason, errorName: string): DebugEntry {
  return {
    message: `${LOG_PREFIX} ${ref.service}.${ref.operation} gave up after ${attempts} attempt(s) (${reason}): ${errorName}`,
    fields: { event: "gave-up", service: ref.service, operation: ref.operation, attempts, reason, errorName },
  };
}

/** The line for addresses of a partial failure about to be re-sent. */
export function formatResend(ref: OperationRef, attempt: number, maxAttempts: number, addresses: number, statuses: string, delayMs: number): DebugEntry {
  return {
    message: `${LOG_PREFIX} ${ref.service}.${ref.operation} attempt ${attempt}/${maxAttempts}: ${addresses} address(es) ${statuses}; re-sending them in ${delayMs} ms`,
    fields: { event: "re-sending", service: ref.service, operation: ref.operation, attempt, maxAttempts, addresses, errorName: statuses, retryInMs: delayMs },
  };
}

/** The line for addresses of a partial failure that will not be re-sent: `why` is a refusal, or the error of the round that failed. */
export function formatResendStopped(ref: OperationRef, addresses: number, statuses: string, why: { reason: GiveUpReason } | { errorName: string }): DebugEntry {
  const because = "reason" in why ? why.reason : `the re-send failed: ${why.errorName}`;
  return {
    message: `${LOG_PREFIX} ${ref.service}.${ref.operation} not re-sending ${addresses} address(es) ${statuses} (${because})`,
    fields: { event: "re-send-stopped", service: ref.service, operation: ref.operation, addresses, errorName: statuses, ...why },
  };
}

/** The line for a circuit breaker's change of state. */
export function formatCircuitChange(service: string, region: string, from: CircuitState, to: CircuitState): DebugEntry {
  return {
    message: `${LOG_PREFIX} circuit ${service} ${region}: ${from} -> ${to}`,
    fields: { event: "circuit-changed", service, region, from, to },
  };
}

/** A logger that will write, or undefined for none: the SDK's NoOpLogger counts as none. */
function writing(logger: ResilienceLogger | undefined): ResilienceLogger | undefined {
  return logger === undefined || isSdkNoOpLogger(logger) ? undefined : logger;
}

/**
 * Writes debug lines when debug is on; a logger that throws is ignored. Lines go at level `debug` to the
 * library's logger, else the client's, else (no logger, or the SDK's default NoOpLogger) the console.
 */
export class DebugLog {
  constructor(
    readonly enabled: boolean,
    private readonly ownLogger: ResilienceLogger | undefined,
  ) {}

  /**
   * Writes `entry()` through the library's logger, else `clientLogger`, else `console.debug`. The entry
   * is built only when on. A logger with `logFields` also gets the entry's fields (see ResilienceLogger).
   */
  write(clientLogger: ResilienceLogger | undefined, entry: () => DebugEntry): void {
    if (!this.enabled) return;
    const logger = writing(this.ownLogger) ?? writing(clientLogger);
    if (logger !== undefined && typeof logger.debug !== "function") return;
    try {
      const { message, fields } = entry();
      if (logger === undefined) console.debug(message);
      else if (logger.logFields === "first") logger.debug?.({ [LOG_FIELDS_KEY]: fields }, message);
      else if (logger.logFields === "last") logger.debug?.(message, { [LOG_FIELDS_KEY]: fields });
      else logger.debug?.(message);
    } catch {
      // A broken logger must not fail the call.
    }
  }
}

/**
 * Writes a warning through `logger`, else the console (with no logger at all, e.g. the strategy used
 * alone, or only the SDK's NoOpLogger, a broken hook or classifier still deserves to be seen). A logger
 * that throws is ignored.
 */
export function warnSafely(logger: ResilienceLogger | undefined, message: string): void {
  try {
    const target = writing(logger);
    if (typeof target?.warn === "function") target.warn(`${LOG_PREFIX} ${message}`);
    else console.warn(`${LOG_PREFIX} ${message}`);
  } catch {
    // A broken logger must not fail the call.
  }
}
