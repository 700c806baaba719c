/**
 * The cost of the plugin's shape alone: a plain SDK-standard client whose retry entry is taken over the
 * way the plugin takes it over (see src/plugin.ts, src/middleware/callLayer.ts and attemptLayer.ts): a
 * call layer around the SDK's own retry middleware, made per send, with an attempt layer inside its
 * loop, each watching the promise the SDK awaits with the plugin's own `watch`, and nothing else: no
 * call, route, breaker, budget, limiter or report. Its ratio to SDK standard is the floor of any design of that shape; smithy-resilience's own
 * work is the rest of its ratio.
 */
import { findSdkRetryEntry } from "../src/middleware/sdkRetryEntry";
import type { Handler, HandlerArgs, Middleware } from "../src/middleware/sdkShapes";
import { watch } from "../src/middleware/watch";

/** Attempts and calls the layers saw end, for the bench's test that they sit where the plugin's do. */
export interface ShapeCounts {
  attempts: number;
  calls: number;
}

/** Takes over the SDK's retry entry of `stack` with the two empty layers; throws on a stack without one. */
export function installPluginShapeOnly(stack: { add(middleware: never, options: never): void }, counts: ShapeCounts = { attempts: 0, calls: 0 }): void {
  const sdkRetry = findSdkRetryEntry(stack as never);
  if (!sdkRetry) throw new Error("pluginShapeOnly: the stack has no SDK retry entry to take over");
  const attemptEnded = () => {
    counts.attempts++;
  };
  const callEnded = () => {
    counts.calls++;
  };
  const ignore = () => undefined;
  const attemptLayer =
    (next: Handler): Handler =>
    (args: HandlerArgs) =>
      watch(next(args), attemptEnded, attemptEnded, ignore);
  const callLayer: Middleware = (next, context) => (args) => watch(sdkRetry.middleware(attemptLayer(next), context)(args), callEnded, callEnded, ignore);
  stack.add(callLayer as never, { ...sdkRetry.placement, override: true } as never);
}
