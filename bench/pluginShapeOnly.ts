/**
 * The cost of the plugin's shape alone: a plain SDK-standard client whose retry entry is taken over the
 * way the plugin takes it over (see src/plugin.ts and src/middleware/callLayer.ts), a call layer around
 * the SDK's own retry middleware, made per send, with an attempt layer inside its loop, both async, and
 * nothing else: no call, route, breaker, budget, limiter or report. Its ratio to SDK standard is the
 * floor of any design of that shape; smithy-resilience's own work is the rest of its ratio.
 */
import { findSdkRetryEntry } from "../src/middleware/sdkRetryEntry";
import type { Handler, HandlerArgs, Middleware } from "../src/middleware/sdkShapes";

/** Attempts the attempt layer saw, for the bench's test that it sits inside the SDK's retry loop. */
export interface ShapeCounts {
  attempts: number;
}

/** Takes over the SDK's retry entry of `stack` with the two empty layers; throws on a stack without one. */
export function installPluginShapeOnly(stack: { add(middleware: never, options: never): void }, counts: ShapeCounts = { attempts: 0 }): void {
  const sdkRetry = findSdkRetryEntry(stack as never);
  if (!sdkRetry) throw new Error("pluginShapeOnly: the stack has no SDK retry entry to take over");
  const attemptLayer =
    (next: Handler): Handler =>
    async (args: HandlerArgs) => {
      counts.attempts++;
      const result = await next(args);
      return result;
    };
  const callLayer: Middleware = (next, context) => async (args) => {
    const result = await sdkRetry.middleware(attemptLayer(next), context)(args);
    return result;
  };
  stack.add(callLayer as never, { ...sdkRetry.placement, override: true } as never);
}
