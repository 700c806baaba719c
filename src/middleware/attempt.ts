import type { BreakerOutcome } from "../breaker/CircuitBreaker";
import { unlessAborted } from "../abortable";
import type { CallState } from "../callState";
import { formatFailure } from "../debugLog";
import { rateLimiterKey } from "../rateLimiter";
import type { ResilienceRuntime } from "../runtime";
import { isSeparatelyMetered } from "../services";
import type { AttemptEvent, ErrorClass } from "../types";
import type { Middleware } from "./sdkShapes";
import { CALL_STATE } from "./sdkShapes";

/** Server-side failures count against the breaker; the caller's mistakes and throttling do not. */
const BREAKER_OUTCOMES: Readonly<Record<ErrorClass, BreakerOutcome>> = {
  TRANSIENT: "failure",
  SERVER_ERROR: "failure",
  THROTTLING: "neutral",
  CLIENT_ERROR: "neutral",
};

function statusOfResponse(response: unknown): number | undefined {
  const status = (response as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === "number" ? status : undefined;
}

/** Waits for the call's turn under the adaptive rate limiter, when pacing is on. */
async function pace(runtime: ResilienceRuntime, call: CallState): Promise<void> {
  const limiters = runtime.limiters;
  call.pacingDelayMs = 0;
  if (!limiters) return;
  call.rateLimiterKey ??= rateLimiterKey(call.service, call.region, isSeparatelyMetered(call.service, call.operation) ? call.operation : undefined);
  const turn = limiters.acquire(call.rateLimiterKey);
  if (!turn) return;
  const { clock } = runtime.options;
  const waitStartedAt = clock.now();
  await unlessAborted(turn, call.abortSignal);
  call.pacingDelayMs = clock.now() - waitStartedAt;
}

/**
 * Finalize step, inside the SDK's retry loop (once per attempt, before signing): waits for the rate
 * limiter's turn, then times and reports the attempt and feeds its outcome to the breaker and limiter.
 */
export function attemptMiddleware(runtime: ResilienceRuntime): Middleware {
  const { clock } = runtime.options;
  return (next, context) => async (args) => {
    const call = context[CALL_STATE];
    if (!call) return next(args);
    await pace(runtime, call);
    const attempt = ++call.attempts;
    const startedAt = clock.now();
    const logger = runtime.loggerFor(call);
    const report = (details: Pick<AttemptEvent, "httpStatusCode" | "errorName" | "errorClass" | "requestId">) =>
      runtime.emitter.emit(
        "onAttempt",
        {
          service: call.service,
          operation: call.operation,
          attempt,
          durationMs: clock.now() - startedAt,
          ...details,
          ...(call.rateLimiterKey === undefined ? {} : { sendRate: runtime.sendRateOf(call), pacingDelayMs: call.pacingDelayMs }),
        },
        logger,
      );
    try {
      const result = await next(args);
      call.breaker?.record(clock.now(), "success");
      if (call.rateLimiterKey !== undefined) runtime.limiters?.onResponse(call.rateLimiterKey, { throttled: false, latencyMs: clock.now() - startedAt });
      report({ httpStatusCode: statusOfResponse(result.response), requestId: result.output.$metadata?.requestId });
      return result;
    } catch (error) {
      const failure = runtime.describeFailure(error, call, logger);
      call.lastFailure = failure;
      call.breaker?.record(clock.now(), BREAKER_OUTCOMES[failure.errorClass]);
      if (call.rateLimiterKey !== undefined) {
        runtime.limiters?.onResponse(call.rateLimiterKey, { throttled: failure.errorClass === "THROTTLING", latencyMs: clock.now() - startedAt });
      }
      const { httpStatusCode, errorName, errorClass, requestId } = failure;
      report({ httpStatusCode, errorName, errorClass, requestId });
      // This library's strategy logs the attempt with its decision; another strategy's decision is unknown.
      if (!call.strategyAttached) {
        runtime.debugLog.write(logger, () => formatFailure(call, attempt, undefined, failure, undefined, runtime.sendRateOf(call)));
      }
      throw error;
    }
  };
}
