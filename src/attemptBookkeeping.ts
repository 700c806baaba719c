import { unlessAborted } from "./abortable";
import type { BreakerOutcome } from "./breaker/CircuitBreaker";
import type { AttemptFailure, CallState } from "./callState";
import { formatFailure } from "./debugLog";
import type { ResilienceRuntime } from "./runtime";
import type { AttemptEvent, ErrorClass } from "./types";

/**
 * What happens around each attempt: pacing before it, then breaker and limiter feedback and the
 * onAttempt event after it. The plugin's attempt layer runs these when it is in the stack (with
 * another strategy); with this library's strategy, the retry scope and the strategy run them, so that
 * the attempt layer can be left out of later sends.
 */

/** Server-side failures count against the breaker; the caller's mistakes and throttling do not. */
const BREAKER_OUTCOMES: Readonly<Record<ErrorClass, BreakerOutcome>> = {
  TRANSIENT: "failure",
  SERVER_ERROR: "failure",
  THROTTLING: "neutral",
  CLIENT_ERROR: "neutral",
};

function beginAttempt(call: CallState, now: number): void {
  call.attempts++;
  call.attemptStartedAt = now;
}

async function waitTurnThenBegin(runtime: ResilienceRuntime, call: CallState, turn: Promise<void>, waitStartedAt: number): Promise<void> {
  await unlessAborted(turn, call.abortSignal);
  const now = runtime.options.clock.now();
  call.pacingDelayMs = now - waitStartedAt;
  beginAttempt(call, now);
}

/**
 * Takes the call's turn under the rate limiter, then counts and times the attempt. Returns a promise
 * only when there is a wait, so that an unpaced attempt costs no extra turn of the event loop.
 * @param now - clock.now(), when the caller has just read it.
 */
export function startAttempt(runtime: ResilienceRuntime, call: CallState, now = runtime.options.clock.now()): Promise<void> | undefined {
  call.pacingDelayMs = 0;
  const turn = call.limiter?.acquire(call.abortSignal);
  if (turn) return waitTurnThenBegin(runtime, call, turn, now);
  beginAttempt(call, now);
  return undefined;
}

function reportAttempt(
  runtime: ResilienceRuntime,
  call: CallState,
  durationMs: number,
  details: Pick<AttemptEvent, "httpStatusCode" | "errorName" | "errorClass" | "requestId">,
): void {
  if (!runtime.emitter.listens("onAttempt")) return;
  runtime.emitter.emit(
    "onAttempt",
    {
      service: call.service,
      operation: call.operation,
      attempt: call.attempts,
      durationMs,
      ...details,
      ...(call.limiter === undefined ? {} : { sendRate: runtime.sendRateOf(call), pacingDelayMs: call.pacingDelayMs }),
    },
    runtime.loggerFor(call),
  );
}

/** Feedback and event for an attempt that got a response. */
export function attemptSucceeded(runtime: ResilienceRuntime, call: CallState, httpStatusCode: number | undefined, requestId: string | undefined): void {
  const now = runtime.options.clock.now();
  const durationMs = now - call.attemptStartedAt;
  call.breaker?.record(now, "success");
  call.limiter?.onResponse({ throttled: false, latencyMs: durationMs });
  reportAttempt(runtime, call, durationMs, { httpStatusCode, requestId });
}

/** Classification, feedback and event for an attempt that failed. */
export function attemptFailed(runtime: ResilienceRuntime, call: CallState, error: unknown): AttemptFailure {
  const now = runtime.options.clock.now();
  const durationMs = now - call.attemptStartedAt;
  const logger = runtime.loggerFor(call);
  const failure = runtime.describeFailure(error, call, logger);
  call.lastFailure = failure;
  call.breaker?.record(now, BREAKER_OUTCOMES[failure.errorClass]);
  call.limiter?.onResponse({ throttled: failure.errorClass === "THROTTLING", latencyMs: durationMs });
  const { httpStatusCode, errorName, errorClass, requestId } = failure;
  reportAttempt(runtime, call, durationMs, { httpStatusCode, errorName, errorClass, requestId });
  // This library's strategy logs the attempt with its decision; another strategy's decision is unknown.
  if (!call.strategyAttached) {
    runtime.debugLog.write(logger, () => formatFailure(call, call.attempts, undefined, failure, undefined, runtime.sendRateOf(call)));
  }
  return failure;
}
