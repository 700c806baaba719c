import { CircuitOpenError } from "../breaker/CircuitOpenError";
import { UNKNOWN } from "../constants";
import type { ResilienceRuntime } from "../runtime";
import type { Middleware, MiddlewareContextLike } from "./sdkShapes";
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
 * Finalize step, just outside the SDK's retry loop (once per round of a call): asks the circuit breaker
 * for admission, then hands the call to the strategy through the retry scope.
 */
export function retryScopeMiddleware(runtime: ResilienceRuntime): Middleware {
  return (next, context) => async (args) => {
    const call = context[CALL_STATE];
    if (!call) return next(args);
    call.region = regionOf(context);
    let probe: number | undefined;
    if (runtime.breakers) {
      call.breaker = runtime.breakers.get({ service: call.service, region: call.region, endpoint: endpointOf(args.request) });
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
      return await next(args);
    } finally {
      runtime.calls.release(scopeKey);
      if (probe !== undefined) call.breaker?.releaseProbe(probe);
    }
  };
}
