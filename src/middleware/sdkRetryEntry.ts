import { SDK_RETRY_MIDDLEWARE_NAME } from "../names";
import type { Middleware } from "./sdkShapes";

/** How the SDK added its retry middleware (on both SDK lines): what an entry taking its place must repeat. */
export interface SdkRetryPlacement {
  name: string;
  step: "finalizeRequest";
  priority: "high";
  tags?: string[];
  aliases?: string[];
}

/** The SDK's retry middleware of a stack, and where it sits. */
export interface SdkRetryEntry {
  middleware: Middleware;
  placement: SdkRetryPlacement;
}

/** A stack that can copy its entries into another (every SDK stack can: `MiddlewareStack.applyToStack`). */
interface CopyableStack {
  applyToStack?(target: never): void;
}

/** The SDK middleware inside each entry that replaced it, so that installing the plugin twice wraps it once. */
const wrappedSdkRetry = new WeakMap<object, Middleware>();

/** Records that `replacement` wraps the SDK's own retry middleware `original`. */
export function rememberWrapped(replacement: Middleware, original: Middleware): void {
  wrappedSdkRetry.set(replacement, original);
}

/**
 * Finds the SDK's retry middleware in a client's stack. The stack's public `applyToStack` copies every
 * entry into a recording target; nothing is changed. Undefined when the stack has none (a command's own
 * stack), has it elsewhere than finalizeRequest/high, or cannot be read.
 */
export function findSdkRetryEntry(stack: CopyableStack): SdkRetryEntry | undefined {
  if (typeof stack.applyToStack !== "function") return undefined;
  let found: SdkRetryEntry | undefined;
  const recorder = {
    add(middleware: unknown, options: { name?: string; step?: string; priority?: string; tags?: string[]; aliases?: string[] } | undefined) {
      if (options?.name !== SDK_RETRY_MIDDLEWARE_NAME || typeof middleware !== "function") return;
      const { name, step, priority, tags, aliases } = options;
      // Only the layout checked on both SDK lines is taken over; any other keeps entries of the plugin's own.
      if (step !== "finalizeRequest" || priority !== "high") return;
      const sdkMiddleware = middleware as Middleware;
      found = { middleware: wrappedSdkRetry.get(sdkMiddleware) ?? sdkMiddleware, placement: { name, step, priority, tags, aliases } };
    },
    addRelativeTo() {},
    identifyOnResolve: () => false,
  };
  try {
    stack.applyToStack(recorder as never);
  } catch {
    return undefined; // not a stack this library knows: the plugin falls back to entries of its own
  }
  return found;
}
