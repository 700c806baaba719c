import {
  ATTEMPT_MIDDLEWARE_NAME,
  CALL_MIDDLEWARE_NAME,
  PARTIAL_RESEND_MIDDLEWARE_NAME,
  RETRY_SCOPE_MIDDLEWARE_NAME,
  SDK_RETRY_MIDDLEWARE_NAME,
} from "./constants";
import { attemptMiddleware } from "./middleware/attempt";
import { callLifecycleMiddleware } from "./middleware/callLifecycle";
import { partialResendMiddleware } from "./middleware/partialResend";
import { retryScopeMiddleware } from "./middleware/retryScope";
import type { ResilienceRuntime } from "./runtime";

/** Options of `addRelativeTo` / `add` that the plugin uses. */
interface PlacementOptions {
  name: string;
  tags?: string[];
  override?: boolean;
  relation?: "before" | "after";
  toMiddleware?: string;
  step?: "initialize";
  priority?: "high";
}

/**
 * The subset of a client's `middlewareStack` the plugin uses. `middleware` is `unknown` so that the
 * stacks of both `@smithy/types` lines are accepted without a cast.
 */
export interface MiddlewareStackLike {
  remove(toRemove: string): boolean;
  add(middleware: unknown, options: PlacementOptions & { step: "initialize"; priority: "high" }): void;
  addRelativeTo(middleware: unknown, options: PlacementOptions & { relation: "before" | "after"; toMiddleware: string }): void;
}

/** A plugin for `client.middlewareStack.use(plugin)`. */
export interface ResiliencePlugin {
  applyToStack(stack: MiddlewareStackLike): void;
}

const TAGS = ["RETRY", "SMITHY_RESILIENCE"];

/**
 * Builds the plugin: a retry scope around the SDK's retry loop (which also spans the call, unless partial
 * re-sends need a call lifecycle and re-send middleware at the initialize step), and an attempt
 * middleware inside the loop (pacing, timing, breaker and limiter feedback).
 * Installing it twice replaces the first (every middleware is added with `override`).
 */
export function createPlugin(runtime: ResilienceRuntime): ResiliencePlugin {
  return {
    applyToStack(stack) {
      // Every entry costs each send a share of the SDK's stack resolution, so the plugin adds as few as it can.
      if (runtime.options.retryPartialFailures) {
        stack.add(callLifecycleMiddleware(runtime), { name: CALL_MIDDLEWARE_NAME, step: "initialize", priority: "high", tags: TAGS, override: true });
        stack.addRelativeTo(partialResendMiddleware(runtime), {
          name: PARTIAL_RESEND_MIDDLEWARE_NAME,
          relation: "after",
          toMiddleware: CALL_MIDDLEWARE_NAME,
          tags: TAGS,
          override: true,
        });
      }
      // Once a call shows this library's strategy at work, the strategy does the attempt middleware's job:
      // dropping the entry saves every later send of this client its share of stack resolution.
      let attemptEntryRemoved = false;
      const onStrategyAttached = () => {
        if (!attemptEntryRemoved) attemptEntryRemoved = stack.remove(ATTEMPT_MIDDLEWARE_NAME);
      };
      stack.addRelativeTo(retryScopeMiddleware(runtime, onStrategyAttached), {
        name: RETRY_SCOPE_MIDDLEWARE_NAME,
        relation: "before",
        toMiddleware: SDK_RETRY_MIDDLEWARE_NAME,
        tags: TAGS,
        override: true,
      });
      stack.addRelativeTo(attemptMiddleware(runtime), {
        name: ATTEMPT_MIDDLEWARE_NAME,
        relation: "after",
        toMiddleware: SDK_RETRY_MIDDLEWARE_NAME,
        tags: TAGS,
        override: true,
      });
    },
  };
}
