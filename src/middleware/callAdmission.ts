import type { CircuitBreaker } from "../breaker/CircuitBreaker";
import { CircuitOpenError } from "../breaker/CircuitOpenError";
import type { CallState } from "../callState";
import { UNKNOWN } from "../constants";
import { getOrCreate } from "../getOrCreate";
import type { AdaptiveRateLimiter } from "../rateLimiter";
import { rateLimiterKey } from "../rateLimiter";
import type { RetryBudget } from "../retryBudget";
import type { ResilienceRuntime } from "../runtime";
import { newCallState } from "./callLifecycle";
import type { MiddlewareContextLike } from "./sdkShapes";
import { ATTEMPTS_OBSERVED, CALL_STATE } from "./sdkShapes";

/**
 * How a call starts its round at the finalize step, in the retry scope or in the plugin's retry loop:
 * its state, its route (breaker, budget, limiter) and the breaker's admission.
 */

function regionOf(context: MiddlewareContextLike): string {
  const region = context.__smithy_context?.selectedHttpAuthScheme?.httpAuthOption?.signingProperties?.region;
  return typeof region === "string" ? region : UNKNOWN;
}

interface RequestLike {
  protocol?: string;
  hostname?: string;
  port?: number;
}

/** Where a client's calls go, and the breaker and budget that serve it there. */
export interface Route {
  service: string;
  region: string;
  hostname: string | undefined;
  port: number | undefined;
  breaker: CircuitBreaker | undefined;
  budget: RetryBudget | undefined;
  /** The limiter of the service's quota here, once a call needed it. */
  limiter: AdaptiveRateLimiter | undefined;
  /** Limiters of operations metered on their own here, by operation, once a call needed them. */
  operationLimiters: Map<string, AdaptiveRateLimiter> | undefined;
}

/**
 * The rate limiter of a call's quota: the route's, unless the operation is metered on its own. Kept on
 * the route, so that no call builds a registry key.
 */
function limiterOf(runtime: ResilienceRuntime, route: Route, call: CallState): AdaptiveRateLimiter | undefined {
  const { limiters } = runtime;
  if (!limiters) return undefined;
  if (!call.separatelyMetered) return (route.limiter ??= limiters.limiter(rateLimiterKey(call.service, call.region)));
  const byOperation = (route.operationLimiters ??= new Map());
  return getOrCreate(byOperation, call.operation, () => limiters.limiter(rateLimiterKey(call.service, call.region, call.operation)));
}

/**
 * Routes calls: sets a call's region, breaker, budget and limiter from where its request goes. A client
 * nearly always sends to one region and endpoint, so the last route is kept and the keyed lookups run
 * only when it changes.
 */
export function routeCache(runtime: ResilienceRuntime) {
  let last: Route | undefined;
  const routeFor = (service: string, region: string, request: RequestLike | undefined): Route => {
    const hostname = request?.hostname;
    const port = request?.port;
    if (last && last.service === service && last.region === region && last.hostname === hostname && last.port === port) return last;
    const endpoint = hostname ? `${request?.protocol ?? "https:"}//${hostname}${port ? `:${port}` : ""}` : UNKNOWN;
    last = {
      service,
      region,
      hostname,
      port,
      breaker: runtime.breakers?.get({ service, region, endpoint }),
      budget: runtime.budgetFor(service, region),
      limiter: undefined,
      operationLimiters: undefined,
    };
    return last;
  };
  return (call: CallState, context: MiddlewareContextLike, request: unknown): Route => {
    call.region = regionOf(context);
    const route = routeFor(call.service, call.region, request as RequestLike | undefined);
    call.breaker = route.breaker;
    call.budget = route.budget;
    call.limiter = limiterOf(runtime, route, call);
    return route;
  };
}

/** The call of this `send`: the one the partial re-send lifecycle started, or a new one (see {@link ownsCall}). */
export function beginCall(runtime: ResilienceRuntime, context: MiddlewareContextLike, now: number): CallState {
  let call = context[CALL_STATE];
  if (!call) {
    call = newCallState(runtime, context, now);
    context[CALL_STATE] = call;
  }
  call.attemptsObserved = context[ATTEMPTS_OBSERVED] === true;
  return call;
}

/** Whether the round about to begin starts the call (and so reports how it ends): no lifecycle started it. */
export function ownsCall(context: MiddlewareContextLike): boolean {
  return context[CALL_STATE] === undefined;
}

/**
 * Asks the route's breaker to admit the call at `now`. Returns the half-open probe taken, if any, to
 * release when the round ends; throws CircuitOpenError (and records why) when the breaker refuses.
 */
export function admitCall(call: CallState, route: Route, now: number): number | undefined {
  if (!route.breaker) return undefined;
  const admission = route.breaker.tryAcquire(now);
  if (!admission.admitted) {
    call.giveUpReason = "circuit-open";
    throw new CircuitOpenError(call.service, call.region, admission.retryAfterMs);
  }
  return admission.probe;
}
