import { CircuitOpenError } from "../breaker/CircuitOpenError";
import { UNKNOWN } from "../constants";
import type { ResilienceRuntime } from "../runtime";
import type { CallState } from "../callState";
import { newCallState, runCall } from "./callLifecycle";
import { attemptSucceeded, startAttempt } from "../attemptBookkeeping";
import type { HandlerResult, Middleware, MiddlewareContextLike } from "./sdkShapes";
import { ATTEMPTS_OBSERVED, CALL_STATE, statusOfResponse } from "./sdkShapes";

function regionOf(context: MiddlewareContextLike): string {
  const region = context.__smithy_context?.selectedHttpAuthScheme?.httpAuthOption?.signingProperties?.region;
  return typeof region === "string" ? region : UNKNOWN;
}

/** The endpoint a request goes to, so that clients pointed at different endpoints get separate breakers. */
function endpointOf(request: unknown): string {
  const r = request as { protocol?: string; hostname?: string; port?: number } | undefined;
  if (!r?.hostname) return UNKNOWN;
  return `${r.protocol ?? "https:"}//${r.hostname}${r.port ? `:${r.port}` : ""}`;
}

/**
 * Finalize step, just outside the SDK's retry loop (once per round of a call): starts the call (unless
 * the partial re-send lifecycle did), asks the circuit breaker for admission, then hands the call to the
 * strategy through the retry scope.
 */
export function retryScopeMiddleware(runtime: ResilienceRuntime, onStrategyAttached: () => void): Middleware {
  return (next, context) => (args) => {
    const round = () => runRound(runtime, call, context, () => next(args), args.request, onStrategyAttached);
    let call = context[CALL_STATE] as CallState;
    if (call) return round();
    call = newCallState(runtime, context);
    context[CALL_STATE] = call;
    return runCall(runtime, call, round);
  };
}

/** With this library's strategy the plugin counted every delay, including those the strategy slept itself. */
function correctTotalRetryDelay(call: CallState, metadataHolder: unknown): void {
  const metadata = (metadataHolder as { $metadata?: { totalRetryDelay?: number } } | undefined)?.$metadata;
  if (call.strategyAttached && metadata && typeof metadata === "object") metadata.totalRetryDelay = call.totalDelayMs;
}

async function runRound(
  runtime: ResilienceRuntime,
  call: CallState,
  context: MiddlewareContextLike,
  next: () => Promise<HandlerResult>,
  request: unknown,
  onStrategyAttached: () => void,
): Promise<HandlerResult> {
  call.attemptsObserved = context[ATTEMPTS_OBSERVED] === true;
  call.region = regionOf(context);
  let probe: number | undefined;
  if (runtime.breakers) {
    call.breaker = runtime.breakers.get({ service: call.service, region: call.region, endpoint: endpointOf(request) });
    const admission = call.breaker.tryAcquire(runtime.options.clock.now());
    if (!admission.admitted) {
      call.giveUpReason = "circuit-open";
      throw new CircuitOpenError(call.service, call.region, admission.retryAfterMs);
    }
    probe = admission.probe;
  }
  const scopeKey = runtime.calls.register(call);
  context.partition_id = scopeKey;
  try {
    // Without the attempt middleware, the first attempt starts here and later ones in the strategy.
    if (!call.attemptsObserved) await startAttempt(runtime, call);
    const result = await next();
    if (!call.attemptsObserved) attemptSucceeded(runtime, call, statusOfResponse(result.response), result.output.$metadata?.requestId);
    correctTotalRetryDelay(call, result.output);
    return result;
  } catch (error) {
    correctTotalRetryDelay(call, error);
    throw error;
  } finally {
    runtime.calls.release(scopeKey);
    if (probe !== undefined) call.breaker?.releaseProbe(probe);
    if (call.strategyAttached && call.attemptsObserved) onStrategyAttached();
  }
}
