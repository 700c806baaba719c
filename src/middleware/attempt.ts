import { attemptFailed, attemptSucceeded, startAttempt } from "../attemptBookkeeping";
import type { ResilienceRuntime } from "../runtime";
import type { Middleware } from "./sdkShapes";
import { ATTEMPTS_OBSERVED, CALL_STATE, statusOfResponse } from "./sdkShapes";

/**
 * Finalize step, inside the SDK's retry loop (once per attempt, before signing): paces, times and
 * reports each attempt. Needed with another retry strategy; with this library's, the plugin removes it
 * from the client's stack after the first call, and the strategy does the same work.
 */
export function attemptMiddleware(runtime: ResilienceRuntime): Middleware {
  return (next, context) => {
    // Set while the stack is resolved, before any middleware runs: the retry scope reads it.
    context[ATTEMPTS_OBSERVED] = true;
    return async (args) => {
      const call = context[CALL_STATE];
      if (!call) return next(args);
      const turn = startAttempt(runtime, call);
      if (turn) await turn;
      try {
        const result = await next(args);
        attemptSucceeded(runtime, call, statusOfResponse(result.response), result.output.$metadata?.requestId);
        return result;
      } catch (error) {
        attemptFailed(runtime, call, error);
        throw error;
      }
    };
  };
}
