import { attemptSucceeded, startAttempt } from "../attemptBookkeeping";
import type { CircuitBreaker } from "../breaker/CircuitBreaker";
import { CircuitOpenError } from "../breaker/CircuitOpenError";
import type { CallState } from "../callState";
import { UNKNOWN } from "../constants";
import type { AdaptiveRateLimiter } from "../rateLimiter";
import { rateLimiterKey } from "../rateLimiter";
import type { RetryBudget } from "../retryBudget";
import type { ResilienceRuntime } from "../runtime";
import { newCallState, reportGiveUp, reportSuccess } from "./callLifecycle";
import type { HandlerResult, Middleware, MiddlewareContextLike } from "./sdkShapes";
import { ATTEMPTS_OBSERVED, CALL_STATE, statusOfResponse } from "./sdkShapes";

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
interface Route {
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
 * The route of a call. A client nearly always sends to one region and endpoint, so the last route is
 * kept and the keyed lookups run only when it changes.
 */
function routeCache(runtime: ResilienceRuntime) {
  let last: Route | undefined;
  return (service: string, region: string, request: RequestLike | undefined): Route => {
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
  let limiter = byOperation.get(call.operation);
  if (limiter === undefined) {
    limiter = limiters.limiter(rateLimiterKey(call.service, call.region, call.operation));
    byOperation.set(call.operation, limiter);
  }
  return limiter;
}

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
    let call = context[CALL_STATE];
    const ownsCall = call === undefined;
    if (!call) {
      call = newCallState(runtime, context, now);
      context[CALL_STATE] = call;
    }
    call.attemptsObserved = context[ATTEMPTS_OBSERVED] === true;
    call.region = regionOf(context);
    const route = routeOf(call.service, call.region, args.request as RequestLike | undefined);
    call.breaker = route.breaker;
    call.budget = route.budget;
    call.limiter = limiterOf(runtime, route, call);
    let scopeKey: string | undefined;
    let probe: number | undefined;
    try {
      if (route.breaker) {
        const admission = route.breaker.tryAcquire(now);
        if (!admission.admitted) {
          call.giveUpReason = "circuit-open";
          throw new CircuitOpenError(call.service, call.region, admission.retryAfterMs);
        }
        probe = admission.probe;
      }
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
      if (ownsCall) reportSuccess(runtime, call, result.output);
      return result;
    } catch (error) {
      correctTotalRetryDelay(call, error);
      if (ownsCall) reportGiveUp(runtime, call, error);
      throw error;
    } finally {
      if (scopeKey !== undefined) runtime.calls.release(scopeKey);
      if (probe !== undefined) route.breaker?.releaseProbe(probe);
      if (call.strategyAttached && call.attemptsObserved) onStrategyAttached();
    }
  };
}
