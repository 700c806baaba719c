import { attemptFailed, attemptSucceeded, startAttempt } from "../attemptBookkeeping";
import type { ResilienceRuntime } from "../runtime";
import type { Middleware } from "./sdkShapes";
import { ATTEMPTS_OBSERVED, CALL_STATE, statusOfResponse } from "./sdkShapes";

/**
 * Finalize step, inside the SDK's retry loop (once per attempt, before signing): paces, times and
 * reports each attempt. Needed with another retry strategy; with this library's, the plugin leaves it
 * out of a client's sends after the first call, and the strategy does the same work. The plugin runs it
 * inside its retry-slot entry, or as an entry of its own on a stack without the SDK's retry entry.
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
