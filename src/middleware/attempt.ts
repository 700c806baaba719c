import type { BreakerOutcome } from "../breaker/CircuitBreaker";
import { formatFailure } from "../debugLog";
import type { ResilienceRuntime } from "../runtime";
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

/** Finalize step, inside the SDK's retry loop (once per attempt, before signing): times and reports each attempt. */
export function attemptMiddleware(runtime: ResilienceRuntime): Middleware {
  const { clock } = runtime.options;
  return (next, context) => async (args) => {
    const call = context[CALL_STATE];
    if (!call) return next(args);
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
      report({ httpStatusCode: statusOfResponse(result.response), requestId: result.output.$metadata?.requestId });
      return result;
    } catch (error) {
      const failure = runtime.describeFailure(error, call, logger);
      call.lastFailure = failure;
      call.breaker?.record(clock.now(), BREAKER_OUTCOMES[failure.errorClass]);
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
