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
import { retryLoopMiddleware } from "./middleware/retryLoop";
import { retryScopeMiddleware } from "./middleware/retryScope";
import type { SdkRetryEntry } from "./middleware/sdkRetryEntry";
import { findSdkRetryEntry, rememberWrapped } from "./middleware/sdkRetryEntry";
import type { Middleware } from "./middleware/sdkShapes";
import type { ResilienceRetryStrategy } from "./ResilienceRetryStrategy";
import type { ResilienceRuntime } from "./runtime";
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
  /**
   * Removes the entry whose name or alias is `toRemove`.
   * @returns whether an entry was removed.
   */
  remove(toRemove: string): boolean;
  /** Adds an entry at the initialize step, high priority: the call lifecycle of partial re-sends. */
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
 * Builds the plugin. Every stack entry costs each send a share of the SDK's stack resolution, so the
 * plugin adds none on the common path: it replaces the SDK's retry entry with one that runs the SDK's own
 * retry middleware between a retry scope (outside: breaker admission, hand-off to the strategy, call
 * reports) and an attempt layer (inside: pacing, timing, breaker and limiter feedback), and, once this
 * library's strategy is seen at work, the plugin's own retry loop instead. When a stack has
 * no SDK retry entry (a command's own stack), it adds the two as entries relative to it instead.
 * Partial re-sends add a call lifecycle and a re-send middleware at the initialize step.
 * With `redactSdkLogs`, the same entries redact the SDK's log lines (see {@link withLogRedaction}).
 * Installing it twice replaces the first.
 */
export function createPlugin(runtime: ResilienceRuntime, strategy: ResilienceRetryStrategy): ResiliencePlugin {
  return {
    applyToStack(stack) {
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
      const sdkRetry = findSdkRetryEntry(stack);
      if (sdkRetry) replaceSdkRetryEntry(runtime, strategy, stack, sdkRetry);
      else addRelativeEntries(runtime, stack);
    },
  };
}

/**
 * One entry in the SDK's retry slot. Until a call shows this library's strategy at work (another
 * strategy may be configured), it is retry scope ∘ SDK retry middleware ∘ attempt layer. Once it has,
 * later sends run the plugin's own retry loop, which hands calls to the strategy directly.
 */
function replaceSdkRetryEntry(runtime: ResilienceRuntime, strategy: ResilienceRetryStrategy, stack: MiddlewareStackLike, sdkRetry: SdkRetryEntry): void {
  let strategySeen = false;
  const scope = retryScopeMiddleware(runtime, () => (strategySeen = true));
  const attempt = attemptMiddleware(runtime);
  const sdkRetryMiddleware = sdkRetry.middleware;
  const sdkPath: Middleware = (next, context) => scope(sdkRetryMiddleware(next, context), context);
  const loop = retryLoopMiddleware(runtime, strategy, sdkPath);
  const replacement = withLogRedaction(runtime, (next, context) => (strategySeen ? loop(next, context) : sdkPath(attempt(next, context), context)));
  rememberWrapped(replacement, sdkRetryMiddleware);
  const { placement } = sdkRetry;
  stack.add(replacement, { ...placement, tags: [...new Set([...(placement.tags ?? []), TAG])], override: true });
}

/** The retry scope before the SDK's retry middleware and the attempt middleware after it, as entries. */
function addRelativeEntries(runtime: ResilienceRuntime, stack: MiddlewareStackLike): void {
  // The attempt entry is dropped from the stack once this library's strategy is seen at work.
  let attemptEntryRemoved = false;
  const onStrategyAttached = () => {
    if (!attemptEntryRemoved) attemptEntryRemoved = stack.remove(ATTEMPT_MIDDLEWARE_NAME);
  };
  stack.addRelativeTo(withLogRedaction(runtime, retryScopeMiddleware(runtime, onStrategyAttached)), {
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
}

/**
 * With `redactSdkLogs`, `middleware` also swaps the SDK's log filters on the context as the stack is
 * resolved, before any call runs. No entry of its own: every entry costs each send a share of the
 * stack's resolution, and the SDK's logger middleware reads the filters only as it writes, after the
 * call, wherever the swapping entry sits (checked on both runtime lines).
 */
function withLogRedaction(runtime: ResilienceRuntime, middleware: Middleware): Middleware {
  if (!runtime.options.redactSdkLogs) return middleware;
  return (next, context) => {
    redactLogFilters(context);
    return middleware(next, context);
  };
}
