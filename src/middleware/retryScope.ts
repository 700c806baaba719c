import { CircuitOpenError } from "../breaker/CircuitOpenError";
import { UNKNOWN } from "../constants";
import type { ResilienceRuntime } from "../runtime";
import type { CallState } from "../callState";
import { newCallState, runCall } from "./callLifecycle";
import type { HandlerResult, Middleware, MiddlewareContextLike } from "./sdkShapes";
import { CALL_STATE } from "./sdkShapes";

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
export function retryScopeMiddleware(runtime: ResilienceRuntime): Middleware {
  return (next, context) => (args) => {
    const round = context[CALL_STATE];
    if (round) return runRound(runtime, round, context, () => next(args), args.request);
    const call = newCallState(runtime, context);
    context[CALL_STATE] = call;
    return runCall(runtime, call, () => runRound(runtime, call, context, () => next(args), args.request));
  };
}

async function runRound(
  runtime: ResilienceRuntime,
  call: CallState,
  context: MiddlewareContextLike,
  next: () => Promise<HandlerResult>,
  request: unknown,
): Promise<HandlerResult> {
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
    return await next();
  } finally {
    runtime.calls.release(scopeKey);
    if (probe !== undefined) call.breaker?.releaseProbe(probe);
  }
}
