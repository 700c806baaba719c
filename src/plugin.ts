import { CALL_MIDDLEWARE_NAME, ATTEMPT_MIDDLEWARE_NAME, PARTIAL_RESEND_MIDDLEWARE_NAME, SDK_RETRY_MIDDLEWARE_NAME } from "./names";
import type { Instance } from "./instance";
import { attemptEntry, callEntry, callLayer } from "./middleware/callLayer";
import { PartialResendCalls, partialResendMiddleware } from "./middleware/partialResend";
import { findSdkRetryEntry, rememberWrapped } from "./middleware/sdkRetryEntry";
import type { Middleware } from "./middleware/sdkShapes";
import { redactLogFilters } from "./sdkLogs/redactLogFilters";

/** The placement options of `add` / `addRelativeTo` the plugin passes, as `@smithy/types` defines them. */
export interface PlacementOptions {
  /** Name of the entry; an entry of the same name is replaced when `override` is set. */
  name: string;
  /** Tags of the entry; the plugin's carry "SMITHY_RESILIENCE". */
  tags?: string[];
  /** Other names the entry answers to. */
  aliases?: string[];
  /** Replace an entry of the same name instead of throwing. The plugin always sets it, so installing twice replaces. */
  override?: boolean;
  /** With `addRelativeTo`: whether the entry goes before or after `toMiddleware`. */
  relation?: "before" | "after";
  /** With `addRelativeTo`: the name of the entry it is placed next to. */
  toMiddleware?: string;
}

/**
 * The subset of a client's `middlewareStack` the plugin uses. `middleware` is `unknown` so that the
 * stacks of both `@smithy/types` lines are accepted without a cast.
 */
export interface MiddlewareStackLike {
  /** Adds an entry at the initialize step, high priority: the partial re-send layer. */
  add(middleware: unknown, options: PlacementOptions & { step: "initialize"; priority: "high" }): void;
  /** Adds an entry at the finalizeRequest step, high priority: the slot of the SDK's retry entry, which it replaces. */
  add(middleware: unknown, options: PlacementOptions & { step: "finalizeRequest"; priority: "high" }): void;
  /** Adds an entry just before or after the entry named `toMiddleware`. */
  addRelativeTo(middleware: unknown, options: PlacementOptions & { relation: "before" | "after"; toMiddleware: string }): void;
  /** Copies the stack's entries into another; the plugin reads the SDK's retry entry with it. */
  applyToStack?(target: never): void;
}

/** A plugin for `client.middlewareStack.use(plugin)`. */
export interface ResiliencePlugin {
  /**
   * Installs the library's entries in `stack`; called by `middlewareStack.use`. Installing twice replaces
   * the first install.
   */
  applyToStack(stack: MiddlewareStackLike): void;
}

const TAG = "SMITHY_RESILIENCE";
const TAGS = ["RETRY", TAG];

/**
 * Builds the plugin. One path for every send, whatever the strategy: the call layer (once per round:
 * routing, breaker admission, hand-off to the strategy, the call's end) → the SDK's own retry
 * middleware (the loop, the sleeping, headers and `$metadata`) → the attempt layer (once per attempt:
 * pacing, timing, breaker and limiter feedback) → signing → transport. Every stack entry costs each send
 * a share of the SDK's stack resolution, so the plugin takes the SDK's retry entry's place with the
 * three as one entry; on a stack without that entry (a command's own) it adds the call and attempt
 * layers as two entries around it. Nothing edits the stack after that. With `retryPartialFailures` the
 * partial re-send layer goes at the initialize step. Installing it twice replaces the first.
 */
export function createPlugin(instance: Instance): ResiliencePlugin {
  // Calls of the partial re-send layer, when it is installed; the call layer consults them only then.
  const partialCalls = instance.options.retryPartialFailures ? new PartialResendCalls() : undefined;
  return {
    applyToStack(stack) {
      if (partialCalls) {
        stack.add(partialResendMiddleware(instance, partialCalls), {
          name: PARTIAL_RESEND_MIDDLEWARE_NAME,
          step: "initialize",
          priority: "high",
          tags: TAGS,
          override: true,
        });
      }
      const sdkRetry = findSdkRetryEntry(stack);
      if (!sdkRetry) {
        addRelativeEntries(instance, partialCalls, stack);
        return;
      }
      const replacement = withLogRedaction(instance, callLayer(instance, partialCalls, sdkRetry.middleware));
      rememberWrapped(replacement, sdkRetry.middleware);
      const { placement } = sdkRetry;
      stack.add(replacement, { ...placement, tags: [...new Set([...(placement.tags ?? []), TAG])], override: true });
    },
  };
}

/** The call layer before the SDK's retry middleware and the attempt layer after it, as entries. */
function addRelativeEntries(instance: Instance, partialCalls: PartialResendCalls | undefined, stack: MiddlewareStackLike): void {
  stack.addRelativeTo(withLogRedaction(instance, callEntry(instance, partialCalls)), {
    name: CALL_MIDDLEWARE_NAME,
    relation: "before",
    toMiddleware: SDK_RETRY_MIDDLEWARE_NAME,
    tags: TAGS,
    override: true,
  });
  stack.addRelativeTo(attemptEntry(instance), {
    name: ATTEMPT_MIDDLEWARE_NAME,
    relation: "after",
    toMiddleware: SDK_RETRY_MIDDLEWARE_NAME,
    tags: TAGS,
    override: true,
  });
}

/**
 * With `redactSdkLogs`, `middleware` also swaps the SDK's log filters on the context as the stack is
 * resolved, before any call runs. No entry of its own: every entry costs each send a share of the
 * stack's resolution, and the SDK's logger middleware reads the filters only as it writes, after the
 * call, wherever the swapping entry sits (checked on both runtime lines).
 */
function withLogRedaction(instance: Instance, middleware: Middleware): Middleware {
  if (!instance.options.redactSdkLogs) return middleware;
  return (next, context) => {
    redactLogFilters(context);
    return middleware(next, context);
  };
}
