import { attemptSucceeded, startAttempt } from "../attemptBookkeeping";
import type { CallState } from "../callState";
import type { ResilienceRuntime } from "../runtime";
import { admitCall, beginCall, ownsCall, routeCache } from "./callAdmission";
import { reportGiveUp, reportSuccess } from "./callLifecycle";
import type { HandlerResult, Middleware } from "./sdkShapes";
import { statusOfResponse } from "./sdkShapes";

/** With this library's strategy the plugin counted every delay, including those the strategy slept itself. */
function correctTotalRetryDelay(call: CallState, metadataHolder: unknown): void {
  const metadata = (metadataHolder as { $metadata?: { totalRetryDelay?: number } } | undefined)?.$metadata;
  if (call.strategyAttached && metadata && typeof metadata === "object") metadata.totalRetryDelay = call.totalDelayMs;
}

/**
 * Finalize step, just outside the SDK's retry loop (once per round of a call): starts the call (unless
 * the partial re-send lifecycle did), asks the circuit breaker for admission, then hands the call to the
 * strategy through the retry scope. It reports the call's end when it started it.
 */
export function retryScopeMiddleware(runtime: ResilienceRuntime, onStrategyAttached: () => void): Middleware {
  const routeOf = routeCache(runtime);
  return (next, context) => async (args) => {
    // One clock reading serves the call's start, the breaker's admission and the first attempt's start.
    const now = runtime.options.clock.now();
    const startsCall = ownsCall(context);
    const call = beginCall(runtime, context, now);
    const route = routeOf(call, context, args.request);
    let scopeKey: string | undefined;
    let probe: number | undefined;
    try {
      probe = admitCall(call, route, now);
      scopeKey = runtime.calls.register(call);
      context.partition_id = scopeKey;
      // Without the attempt layer, the first attempt starts here and later ones in the strategy.
      if (!call.attemptsObserved) {
        const turn = startAttempt(runtime, call, now);
        if (turn) await turn;
      }
      const result: HandlerResult = await next(args);
      if (!call.attemptsObserved) attemptSucceeded(runtime, call, statusOfResponse(result.response), result.output.$metadata?.requestId);
      correctTotalRetryDelay(call, result.output);
      if (startsCall) reportSuccess(runtime, call, result.output);
      return result;
    } catch (error) {
      correctTotalRetryDelay(call, error);
      if (startsCall) reportGiveUp(runtime, call, error);
      throw error;
    } finally {
      if (scopeKey !== undefined) runtime.calls.release(scopeKey);
      if (probe !== undefined) route.breaker?.releaseProbe(probe);
      if (call.strategyAttached && call.attemptsObserved) onStrategyAttached();
    }
  };
}
