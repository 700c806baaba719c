import { CircuitOpenError } from "../breaker/CircuitOpenError";
import { Call } from "../call";
import { CallHandOff } from "../callHandOff";
import { UNKNOWN } from "../names";
import type { Instance } from "../instance";
import { attemptHandler } from "./attemptLayer";
import type { PartialResendCalls } from "./partialResend";
import type { HandlerArgs, HandlerResult, Middleware, MiddlewareContextLike } from "./sdkShapes";

function regionOf(context: MiddlewareContextLike): string {
  const region = context.__smithy_context?.selectedHttpAuthScheme?.httpAuthOption?.signingProperties?.region;
  return typeof region === "string" ? region : UNKNOWN;
}

/**
 * One round of a call, just outside the SDK's retry loop: finds or starts the call, routes it, asks the
 * breaker for admission, registers it for the strategy, sends, and, when it started the call, reports
 * how it ended. `send` runs the SDK's retry loop with the call's hand-off key.
 */
async function runRound(
  instance: Instance,
  partialCalls: PartialResendCalls,
  context: MiddlewareContextLike,
  args: HandlerArgs,
  send: (call: Call, key: string) => Promise<HandlerResult>,
): Promise<HandlerResult> {
  const startedElsewhere = partialCalls.callFor(args.input);
  const call =
    startedElsewhere ??
    new Call(instance.operations.ofContext(context.clientName, context.commandName), context.logger, context.__smithy_context?.abortSignal, instance.options.clock.now());
  const route = instance.routes.forRequest(call.service, regionOf(context), args.request);
  call.routeTo(route);
  let key: string | undefined;
  let probe: number | undefined;
  try {
    if (route.breaker) {
      const admission = route.breaker.tryAcquire(instance.options.clock.now());
      if (!admission.admitted) {
        call.giveUpReason = "circuit-open";
        throw new CircuitOpenError(call.service, call.region, admission.retryAfterMs);
      }
      probe = admission.probe;
    }
    key = instance.handOff.register(call);
    const result = await send(call, key);
    if (!startedElsewhere) instance.report.callSucceeded(call, result.output.$metadata?.totalRetryDelay ?? 0);
    return result;
  } catch (error) {
    if (!startedElsewhere) instance.report.callGaveUp(call, instance.failureOf(error, call, call));
    throw error;
  } finally {
    if (key !== undefined) {
      instance.handOff.release(key);
      CallHandOff.giveBack(context, key);
    }
    if (probe !== undefined) route.breaker?.releaseProbe(probe);
  }
}

/**
 * The plugin's entry in the SDK's retry slot: the call layer around the SDK's own retry middleware,
 * with the attempt layer inside it. The SDK's middleware is resolved per round against a context that
 * holds the round's own key (see {@link CallHandOff.contextFor}), so that sends sharing one handler and
 * context (`cacheMiddleware: true`) never see each other's call.
 */
export function callLayer(instance: Instance, partialCalls: PartialResendCalls, sdkRetry: Middleware): Middleware {
  return (next, context) => (args) =>
    runRound(instance, partialCalls, context, args, (call, key) => sdkRetry(attemptHandler(instance, next, call), CallHandOff.contextFor(context, key))(args));
}

/** Rounds by request, for the attempt entry of the relative layout (the request object goes down the loop unchanged). */
const callsByRequest = new WeakMap<object, Call>();

/**
 * The call layer as an entry of its own, before the SDK's retry middleware, on a stack without the SDK's
 * retry entry in its usual place. It has no context of the call's own to hand the key on: it sets the
 * shared context's `partition_id`.
 */
export function callEntry(instance: Instance, partialCalls: PartialResendCalls): Middleware {
  return (next, context) => (args) =>
    runRound(instance, partialCalls, context, args, (call, key) => {
      context.partition_id = key;
      if (typeof args.request === "object" && args.request !== null) callsByRequest.set(args.request, call);
      return next(args);
    });
}

/** The attempt layer as an entry of its own, after the SDK's retry middleware (see {@link callEntry}). */
export function attemptEntry(instance: Instance): Middleware {
  return (next) => (args) => {
    const call = typeof args.request === "object" && args.request !== null ? callsByRequest.get(args.request) : undefined;
    return call ? attemptHandler(instance, next, call)(args) : next(args);
  };
}
