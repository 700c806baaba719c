import type { AttemptFailure } from "../callState";
import { CallState } from "../callState";
import { RETRYABLE_CLASSES } from "../classification";
import { formatGiveUp, formatSuccess } from "../debugLog";
import type { ResilienceRuntime } from "../runtime";
import type { GiveUpReason } from "../types";
import type { HandlerResult, Middleware, MiddlewareContextLike } from "./sdkShapes";
import { CALL_STATE } from "./sdkShapes";

/** Creates the state of one `client.send` call, from the middleware context, started at `now` (clock.now()). */
export function newCallState(runtime: ResilienceRuntime, context: MiddlewareContextLike, now = runtime.options.clock.now()): CallState {
  return new CallState(runtime.operationFor(context.clientName, context.commandName), context.logger, context.__smithy_context?.abortSignal, now);
}

/**
 * Outermost (initialize step, once per `client.send`), installed only for partial re-sends, whose rounds
 * it spans: creates the call's state and reports how the call ended. Without it, the retry scope does both.
 */
export function callLifecycleMiddleware(runtime: ResilienceRuntime): Middleware {
  return (next, context) => async (args) => {
    const call = newCallState(runtime, context);
    context[CALL_STATE] = call;
    try {
      const result = await next(args);
      reportSuccess(runtime, call, result.output);
      return result;
    } catch (error) {
      reportGiveUp(runtime, call, error);
      throw error;
    }
  };
}

/**
 * Reports a call that succeeded; builds nothing that nobody reads. The total delay is the output's
 * `$metadata.totalRetryDelay`, which the retry scope (or the partial re-send) has made exact.
 */
export function reportSuccess(runtime: ResilienceRuntime, call: CallState, output: HandlerResult["output"]): void {
  const logSuccess = call.attempts > 1 && runtime.debugLog.enabled;
  if (!logSuccess && !runtime.emitter.listens("onSuccess")) return;
  const totalDelayMs = output.$metadata?.totalRetryDelay ?? 0;
  const durationMs = runtime.options.clock.now() - call.startedAt;
  const logger = runtime.loggerFor(call);
  if (logSuccess) runtime.debugLog.write(logger, () => formatSuccess(call, call.attempts, totalDelayMs, durationMs));
  runtime.emitter.emit(
    "onSuccess",
    { service: call.service, operation: call.operation, attempts: call.attempts, totalDelayMs, durationMs },
    logger,
  );
}

/** Reports a call that failed for good. */
export function reportGiveUp(runtime: ResilienceRuntime, call: CallState, error: unknown): void {
  const logger = runtime.loggerFor(call);
  const failure = runtime.failureOf(error, call, call);
  const reason = call.giveUpReason ?? inferredGiveUpReason(call, failure);
  // A refusal by this library's strategy was already logged on its attempt line.
  if (!call.strategyAttached || !call.giveUpReason) {
    runtime.debugLog.write(logger, () => formatGiveUp(call, call.attempts, reason, failure.errorName));
  }
  runtime.emitter.emit(
    "onGiveUp",
    {
      service: call.service,
      operation: call.operation,
      attempts: call.attempts,
      reason,
      errorName: failure.errorName,
      errorClass: failure.errorClass,
    },
    logger,
  );
}

/** Why a call failed when the strategy did not say (another strategy, or an abort during backoff). */
function inferredGiveUpReason(call: CallState, failure: AttemptFailure): GiveUpReason {
  if (failure.errorName === "AbortError" || call.abortSignal?.aborted) return "aborted";
  return RETRYABLE_CLASSES.has(failure.errorClass) ? "max-attempts" : "non-retryable";
}
