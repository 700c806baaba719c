import { sleepUnlessAborted } from "../abortable";
import { Call } from "../call";
import { errorNameOf } from "../errorDetails";
import type { Instance } from "../instance";
import { decideRetry } from "../retryDecision";
import type { PendingAddress, PartialResultShape } from "../services/pinpointPartialResults";
import { PARTIAL_RESULT_SHAPES, RETRYABLE_DELIVERY_STATUSES } from "../services/pinpointPartialResults";
import type { ErrorClass } from "../types";
import type { HandlerArgs, HandlerResult, Middleware } from "./sdkShapes";

/**
 * The calls the partial re-send layer started, by the input of each of their rounds, so that the call
 * layer of a round finds the call it belongs to (the input object travels unchanged down the stack).
 */
export class PartialResendCalls {
  private readonly byInput = new WeakMap<object, Call>();

  /** Marks `input` as a round of `call`. */
  register(input: unknown, call: Call): void {
    if (typeof input === "object" && input !== null) this.byInput.set(input, call);
  }

  /** The call a round's input belongs to, if the partial re-send layer started it. */
  callFor(input: unknown): Call | undefined {
    return typeof input === "object" && input !== null ? this.byInput.get(input) : undefined;
  }
}

/** Transient failures back off from the short base; if any address was only throttled, the longer one. */
function errorClassOf(pending: readonly PendingAddress[]): ErrorClass {
  return pending.some((p) => RETRYABLE_DELIVERY_STATUSES[p.status] === "THROTTLING") ? "THROTTLING" : "TRANSIENT";
}

function statusesOf(pending: readonly PendingAddress[]): string {
  return [...new Set(pending.map((p) => p.status))].sort().join("/");
}

/**
 * Initialize step, for the operations with per-address results only (`SendMessages`,
 * `SendUsersMessages`; every other operation gets `next` unchanged when the stack is resolved). It starts
 * the call and reports its end. When a send answers 200 with some addresses THROTTLED or
 * TEMPORARY_FAILURE, it re-sends those addresses only (a fresh request: serialized, signed, with its own
 * retries) and merges the results; delivered addresses are never sent again. Rounds share the call's
 * maxAttempts, deadline, budget and breaker.
 */
export function partialResendMiddleware(instance: Instance, calls: PartialResendCalls): Middleware {
  return (next, context) => {
    const info = instance.operations.ofContext(context.clientName, context.commandName);
    const shape = PARTIAL_RESULT_SHAPES[`${info.service}.${info.operation}`];
    if (!shape) return next;
    return async (args) => {
      const call = new Call(info, context.logger, context.__smithy_context?.abortSignal, instance.options.clock.now());
      calls.register(args.input, call);
      try {
        const first = await next(args);
        const output = await resendRounds(instance, calls, call, shape, next, args, first.output);
        const $metadata = { ...first.output.$metadata, attempts: call.attempts, totalRetryDelay: call.totalDelayMs };
        instance.report.callSucceeded(call, call.totalDelayMs);
        return { ...first, output: { ...(output as object), $metadata } };
      } catch (error) {
        instance.report.callGaveUp(call, instance.failureOf(error, call, call));
        throw error;
      }
    };
  };
}

async function resendRounds(
  instance: Instance,
  calls: PartialResendCalls,
  call: Call,
  shape: PartialResultShape,
  next: (args: HandlerArgs) => Promise<HandlerResult>,
  args: HandlerArgs,
  firstOutput: unknown,
): Promise<unknown> {
  const { clock } = instance.options;
  let output = firstOutput;
  let previousDelayMs = 0;
  for (let pending = shape.pending(output); pending.length > 0; pending = shape.pending(output)) {
    const errorClass = errorClassOf(pending);
    const statuses = statusesOf(pending);
    const now = clock.now();
    const decision = decideRetry(
      {
        failure: { errorClass, neverSent: false },
        attempt: call.attempts,
        policy: call.info.policy,
        // Not-delivered addresses only: a re-send cannot deliver twice.
        idempotent: true,
        budget: call.route?.budget,
        elapsedMs: now - call.startedAt,
        previousDelayMs,
        paced: call.limiter?.currentRate() !== undefined,
        hintMs: undefined,
        aborted: call.abortSignal?.aborted === true,
        circuitOpen: call.route?.breaker?.isOpen(now) === true,
      },
      instance.options,
    );
    if (decision.refuse) {
      instance.report.resendStopped(call, pending.length, statuses, { reason: decision.refuse });
      return output;
    }
    instance.report.resend(call, call.attempts, pending.length, statuses, errorClass, decision.delayMs);
    await sleepUnlessAborted(clock, decision.delayMs, call.abortSignal);
    call.totalDelayMs += decision.delayMs;
    previousDelayMs = decision.delayMs;
    const input = shape.subset(args.input, pending);
    calls.register(input, call);
    try {
      const round = await next({ ...args, input });
      output = shape.merge(output, round.output);
    } catch (error) {
      // The first round was delivered in part: the caller gets what is known, the rest still marked failed.
      instance.report.resendStopped(call, pending.length, statuses, { errorName: errorNameOf(error) });
      return output;
    }
  }
  return output;
}
