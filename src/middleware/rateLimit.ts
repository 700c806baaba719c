import { unlessAborted } from "../abortable";
import { rateLimiterKey } from "../rateLimiter";
import type { RateLimiterRegistry } from "../rateLimiter";
import type { ResilienceRuntime } from "../runtime";
import { isSeparatelyMetered } from "../services";
import type { Middleware } from "./sdkShapes";
import { CALL_STATE } from "./sdkShapes";

/**
 * Finalize step, inside the SDK's retry loop, before each attempt (first attempts and retries alike):
 * waits for the quota's turn under the adaptive limiter, then tells it whether the service throttled.
 */
export function rateLimitMiddleware(runtime: ResilienceRuntime, limiters: RateLimiterRegistry): Middleware {
  const { clock } = runtime.options;
  return (next, context) => async (args) => {
    const call = context[CALL_STATE];
    if (!call) return next(args);
    const key = rateLimiterKey(call.service, call.region, isSeparatelyMetered(call.service, call.operation) ? call.operation : undefined);
    call.rateLimiterKey = key;
    const turn = limiters.acquire(key);
    if (turn) {
      const waitStartedAt = clock.now();
      await unlessAborted(turn, call.abortSignal);
      call.pacingDelayMs = clock.now() - waitStartedAt;
    } else {
      call.pacingDelayMs = 0;
    }
    try {
      const result = await next(args);
      limiters.onResponse(key, { throttled: false });
      return result;
    } catch (error) {
      // The attempt middleware, inside this one, has just classified the failure.
      const failure = call.lastFailure;
      limiters.onResponse(key, { throttled: failure !== undefined && failure.error === error && failure.errorClass === "THROTTLING" });
      throw error;
    }
  };
}
