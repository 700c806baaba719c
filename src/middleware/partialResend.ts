import { backoffBase, backoffDelay } from "../backoff";
import type { CallState } from "../callState";
import { LOG_PREFIX } from "../constants";
import type { ResilienceRuntime } from "../runtime";
import type { PendingAddress, PartialResultShape } from "../services/pinpointPartialResults";
import { PARTIAL_RESULT_SHAPES, RETRYABLE_DELIVERY_STATUSES } from "../services/pinpointPartialResults";
import { sleepUnlessAborted } from "../abortable";
import type { ErrorClass, GiveUpReason } from "../types";
import type { HandlerArgs, HandlerResult, Middleware } from "./sdkShapes";
import { CALL_STATE } from "./sdkShapes";

/** Transient failures back off from the short base; if any address was only throttled, the longer one. */
function errorClassOf(pending: readonly PendingAddress[]): ErrorClass {
  return pending.some((p) => RETRYABLE_DELIVERY_STATUSES[p.status] === "THROTTLING") ? "THROTTLING" : "TRANSIENT";
}

function describe(pending: readonly PendingAddress[]): string {
  return [...new Set(pending.map((p) => p.status))].sort().join("/");
}

/**
 * Initialize step, inside the call lifecycle: when a send answers 200 with some addresses THROTTLED or
 * TEMPORARY_FAILURE, re-sends those addresses only (a fresh request: serialized, signed, with its own
 * retries) and merges the results. Delivered addresses are never sent again. Rounds share the call's
 * maxAttempts, deadline, budget and breaker.
 */
export function partialResendMiddleware(runtime: ResilienceRuntime): Middleware {
  return (next, context) => async (args) => {
    const call = context[CALL_STATE];
    const shape = call && PARTIAL_RESULT_SHAPES[`${call.service}.${call.operation}`];
    if (!call || !shape) return next(args);
    const first = await next(args);
    const output = await resendRounds(runtime, call, shape, next, args, first.output);
    const $metadata = { ...first.output.$metadata, attempts: call.attempts, totalRetryDelay: call.totalDelayMs };
    return { ...first, output: { ...(output as object), $metadata } };
  };
}

async function resendRounds(
  runtime: ResilienceRuntime,
  call: CallState,
  shape: PartialResultShape,
  next: (args: HandlerArgs) => Promise<HandlerResult>,
  args: HandlerArgs,
  firstOutput: unknown,
): Promise<unknown> {
  const { options, emitter, debugLog } = runtime;
  const logger = runtime.loggerFor(call);
  let output = firstOutput;
  let previousDelayMs = 0;
  for (let pending = shape.pending(output); pending.length > 0; pending = shape.pending(output)) {
    const errorClass = errorClassOf(pending);
    const attempt = call.attempts;
    const baseMs = backoffBase(options.backoff, errorClass, runtime.sendRateOf(call) !== undefined);
    const delayMs = backoffDelay(options.backoff, baseMs, attempt - 1, previousDelayMs, options.clock.random());
    const { reason } = runtime.admitRetry({
      budget: call.budget,
      call,
      policy: call.policy,
      errorClass,
      neverSent: false,
      attempt,
      delayMs,
      startedAt: call.startedAt,
      // Not-delivered addresses only: a re-send cannot deliver twice.
      idempotent: true,
    });
    if (reason) {
      logStop(runtime, call, pending, reason);
      return output;
    }
    const errorName = describe(pending);
    emitter.emit(
      "onRetry",
      { service: call.service, operation: call.operation, attempt, delayMs, errorName, errorClass, resentAddresses: pending.length },
      logger,
    );
    debugLog.write(
      logger,
      () =>
        `${LOG_PREFIX} ${call.service}.${call.operation} attempt ${attempt}/${call.policy.maxAttempts}: ${pending.length} address(es) ${errorName}; re-sending them in ${delayMs} ms`,
    );
    await sleepUnlessAborted(options.clock, delayMs, call.abortSignal);
    call.totalDelayMs += delayMs;
    previousDelayMs = delayMs;
    try {
      const round = await next({ ...args, input: shape.subset(args.input, pending) });
      output = shape.merge(output, round.output);
    } catch {
      // The first round was delivered in part: return what is known, the rest still marked as failed.
      call.giveUpReason = undefined;
      return output;
    }
  }
  return output;
}

function logStop(runtime: ResilienceRuntime, call: CallState, pending: readonly PendingAddress[], reason: GiveUpReason): void {
  runtime.debugLog.write(
    runtime.loggerFor(call),
    () => `${LOG_PREFIX} ${call.service}.${call.operation} not re-sending ${pending.length} address(es) ${describe(pending)} (${reason})`,
  );
}
