import { CircuitOpenError } from "../breaker/CircuitOpenError";
import { Call } from "../call";
import { CallHandOff } from "../callHandOff";
import { UNKNOWN } from "../names";
import type { Instance } from "../instance";
import type { OperationInfo } from "../operations";
import type { Route } from "../routes";
import { attemptHandler } from "./attemptLayer";
import type { PartialResendCalls } from "./partialResend";
import { started, watch } from "./watch";
import type { HandlerArgs, HandlerResult, Middleware, MiddlewareContextLike } from "./sdkShapes";

function regionOf(context: MiddlewareContextLike): string {
  const region = context.__smithy_context?.selectedHttpAuthScheme?.httpAuthOption?.signingProperties?.region;
  return typeof region === "string" ? region : UNKNOWN;
}

/**
 * The operation of a handler's sends, known as soon as the stack is resolved for it: once per send, or
 * once for every send of the command with `cacheMiddleware: true`.
 */
function operationOf(instance: Instance, context: MiddlewareContextLike): OperationInfo {
  return instance.operations.ofContext(context.clientName, context.commandName);
}

/**
 * One round of a call, just outside the SDK's retry loop: finds or starts the call, routes it, asks the
 * breaker for admission, registers it for the strategy, sends, and, when it started the call, reports
 * how it ended. `send` runs the SDK's retry loop with the call's hand-off key; the round watches it
 * rather than wrapping it (see {@link watch}). `partialCalls` is there when the partial re-send layer is
 * installed: a round of its call is not a call of its own.
 */
function runRound(
  instance: Instance,
  partialCalls: PartialResendCalls | undefined,
  operation: OperationInfo,
  context: MiddlewareContextLike,
  args: HandlerArgs,
  send: (call: Call, key: string) => Promise<HandlerResult>,
): Promise<HandlerResult> {
  const now = instance.options.clock.now();
  const startedElsewhere = partialCalls?.callFor(args.input);
  const call = startedElsewhere ?? new Call(operation, context.logger, context.__smithy_context?.abortSignal, now);
  const route = instance.routes.forRequest(call.service, regionOf(context), args.request);
  call.routeTo(route);
  let probe: number | undefined;
  if (route.breaker) {
    const admission = route.breaker.tryAcquire(now);
    if (!admission.admitted) {
      call.giveUpReason = "circuit-open";
      const error = new CircuitOpenError(call.service, call.region, admission.retryAfterMs);
      if (!startedElsewhere) instance.report.callGaveUp(call, instance.failureOf(error, call, call));
      return Promise.reject(error);
    }
    probe = admission.probe;
  }
  const key = instance.handOff.register(call);
  return watch(
    started(() => send(call, key)),
    (result) => {
      endRound(instance, context, key, route, probe);
      if (!startedElsewhere) instance.report.callSucceeded(call, result.output.$metadata?.totalRetryDelay ?? 0);
    },
    (error) => {
      endRound(instance, context, key, route, probe);
      if (!startedElsewhere) instance.report.callGaveUp(call, instance.failureOf(error, call, call));
    },
    (bug) => instance.report.warn(call, `ending a call failed: ${bug instanceof Error ? bug.message : String(bug)}`),
  );
}

/** Frees what a round held: its hand-off key (and the context it lent), and its probe of a half-open breaker. */
function endRound(instance: Instance, context: MiddlewareContextLike, key: string, route: Route, probe: number | undefined): void {
  instance.handOff.release(key);
  CallHandOff.giveBack(context, key);
  if (probe !== undefined) route.breaker?.releaseProbe(probe);
}

/**
 * The plugin's entry in the SDK's retry slot: the call layer around the SDK's own retry middleware,
 * with the attempt layer inside it. The SDK's middleware is resolved per round against a context that
 * holds the round's own key (see {@link CallHandOff.contextFor}), so that sends sharing one handler and
 * context (`cacheMiddleware: true`) never see each other's call.
 */
export function callLayer(instance: Instance, partialCalls: PartialResendCalls | undefined, sdkRetry: Middleware): Middleware {
  return (next, context) => {
    const operation = operationOf(instance, context);
    return (args) =>
      runRound(instance, partialCalls, operation, context, args, (call, key) => sdkRetry(attemptHandler(instance, next, call), CallHandOff.contextFor(context, key))(args));
  };
}

/** Rounds by request, for the attempt entry of the relative layout (the request object goes down the loop unchanged). */
const callsByRequest = new WeakMap<object, Call>();

/**
 * The call layer as an entry of its own, before the SDK's retry middleware, on a stack without the SDK's
 * retry entry in its usual place. It has no context of the call's own to hand the key on: it sets the
 * shared context's `partition_id`.
 */
export function callEntry(instance: Instance, partialCalls: PartialResendCalls | undefined): Middleware {
  return (next, context) => {
    const operation = operationOf(instance, context);
    return (args) =>
      runRound(instance, partialCalls, operation, context, args, (call, key) => {
        context.partition_id = key;
        if (typeof args.request === "object" && args.request !== null) callsByRequest.set(args.request, call);
        return next(args);
      });
  };
}

/** The attempt layer as an entry of its own, after the SDK's retry middleware (see {@link callEntry}). */
export function attemptEntry(instance: Instance): Middleware {
  return (next) => (args) => {
    const call = typeof args.request === "object" && args.request !== null ? callsByRequest.get(args.request) : undefined;
    return call ? attemptHandler(instance, next, call)(args) : next(args);
  };
}
