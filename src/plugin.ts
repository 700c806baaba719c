import type { AttemptFailure } from "./callState";
import { CallState } from "./callState";
import { ATTEMPT_MIDDLEWARE_NAME, CALL_MIDDLEWARE_NAME, SDK_RETRY_MIDDLEWARE_NAME, UNKNOWN } from "./constants";
import { formatFailure, formatGiveUp, formatSuccess } from "./debugLog";
import type { ResilienceRuntime } from "./runtime";
import type { GiveUpReason, ResilienceLogger } from "./types";
import { RETRYABLE_CLASSES } from "./classification";

/**
 * The parts of the SDK's middleware types this plugin touches, written structurally so that one plugin
 * fits both runtime lines (`@smithy/types` 2.x in SMS Voice 3.523 and 4.x in current clients).
 */
interface MiddlewareContextLike {
  clientName?: string;
  commandName?: string;
  logger?: ResilienceLogger;
  partition_id?: string;
  __smithy_context?: {
    abortSignal?: { aborted: boolean };
    selectedHttpAuthScheme?: { httpAuthOption?: { signingProperties?: { region?: unknown } } };
  };
  [callStateKey]?: CallState;
}

interface HandlerResult {
  output: { $metadata?: { requestId?: string; totalRetryDelay?: number } };
  response: unknown;
}

type FinalizeHandler = (args: unknown) => Promise<HandlerResult>;
type FinalizeMiddleware = (next: FinalizeHandler, context: MiddlewareContextLike) => FinalizeHandler;

/**
 * The subset of a client's `middlewareStack` the plugin uses. `middleware` is `unknown` so that the
 * stacks of both `@smithy/types` lines are accepted without a cast.
 */
export interface MiddlewareStackLike {
  addRelativeTo(
    middleware: unknown,
    options: { name: string; relation: "before" | "after"; toMiddleware: string; override?: boolean; tags?: string[] },
  ): void;
}

/** A plugin for `client.middlewareStack.use(plugin)`. */
export interface ResiliencePlugin {
  applyToStack(stack: MiddlewareStackLike): void;
}

const callStateKey = Symbol("smithy-resilience.call");

function withoutSuffix(name: string | undefined, suffix: string): string {
  if (!name) return UNKNOWN;
  return name.endsWith(suffix) ? name.slice(0, -suffix.length) : name;
}

function regionOf(context: MiddlewareContextLike): string {
  const region = context.__smithy_context?.selectedHttpAuthScheme?.httpAuthOption?.signingProperties?.region;
  return typeof region === "string" ? region : UNKNOWN;
}

function statusOfResponse(response: unknown): number | undefined {
  const status = (response as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === "number" ? status : undefined;
}

/**
 * Once per call, outside the SDK's retry loop: registers the call for the strategy, then reports its
 * end (onSuccess / onGiveUp) and the debug lines that close it.
 */
function callMiddleware(runtime: ResilienceRuntime): FinalizeMiddleware {
  const { clock } = runtime.options;
  return (next, context) => async (args) => {
    const call = new CallState(
      withoutSuffix(context.clientName, "Client"),
      withoutSuffix(context.commandName, "Command"),
      regionOf(context),
      context.logger,
      context.__smithy_context?.abortSignal,
      clock.now(),
    );
    context[callStateKey] = call;
    const scopeKey = runtime.calls.register(call);
    context.partition_id = scopeKey;
    try {
      const result = await next(args);
      reportSuccess(runtime, call, result.output.$metadata?.totalRetryDelay ?? 0);
      return result;
    } catch (error) {
      reportGiveUp(runtime, call, error);
      throw error;
    } finally {
      runtime.calls.release(scopeKey);
    }
  };
}

function reportSuccess(runtime: ResilienceRuntime, call: CallState, totalDelayMs: number): void {
  const durationMs = runtime.options.clock.now() - call.startedAt;
  const logger = runtime.loggerFor(call);
  if (call.attempts > 1) runtime.debugLog.write(logger, () => formatSuccess(call, call.attempts, totalDelayMs, durationMs));
  runtime.emitter.emit(
    "onSuccess",
    { service: call.service, operation: call.operation, attempts: call.attempts, totalDelayMs, durationMs },
    logger,
  );
}

function reportGiveUp(runtime: ResilienceRuntime, call: CallState, error: unknown): void {
  const logger = runtime.loggerFor(call);
  const failure = runtime.failureOf(error, call, call);
  const reason = call.giveUpReason ?? inferredGiveUpReason(call, failure);
  // With this library's strategy, the refusal was already logged on the attempt line.
  if (!call.giveUpReason) runtime.debugLog.write(logger, () => formatGiveUp(call, call.attempts, reason, failure.errorName));
  runtime.emitter.emit(
    "onGiveUp",
    {
      service: call.service,
      operation: call.operation,
      attempts: call.attempts,
      reason,
      errorName: failure.errorName,
      errorClass: failure.errorClass,
    },
    logger,
  );
}

/** Why a call failed when the strategy did not say (another strategy, or an abort during backoff). */
function inferredGiveUpReason(call: CallState, failure: AttemptFailure): GiveUpReason {
  if (failure.errorName === "AbortError" || call.abortSignal?.aborted) return "aborted";
  return RETRYABLE_CLASSES.has(failure.errorClass) ? "max-attempts" : "non-retryable";
}

/** Once per attempt, inside the SDK's retry loop (before signing): times and reports each attempt. */
function attemptMiddleware(runtime: ResilienceRuntime): FinalizeMiddleware {
  const { clock } = runtime.options;
  return (next, context) => async (args) => {
    const call = context[callStateKey];
    if (!call) return next(args);
    const attempt = ++call.attempts;
    const startedAt = clock.now();
    const logger = runtime.loggerFor(call);
    try {
      const result = await next(args);
      runtime.emitter.emit(
        "onAttempt",
        {
          service: call.service,
          operation: call.operation,
          attempt,
          durationMs: clock.now() - startedAt,
          httpStatusCode: statusOfResponse(result.response),
          requestId: result.output.$metadata?.requestId,
        },
        logger,
      );
      return result;
    } catch (error) {
      const failure = runtime.describeFailure(error, call, logger);
      call.lastFailure = failure;
      runtime.emitter.emit(
        "onAttempt",
        {
          service: call.service,
          operation: call.operation,
          attempt,
          durationMs: clock.now() - startedAt,
          httpStatusCode: failure.httpStatusCode,
          errorName: failure.errorName,
          errorClass: failure.errorClass,
          requestId: failure.requestId,
        },
        logger,
      );
      // This library's strategy logs the attempt together with its decision; another strategy's we cannot know.
      if (!call.strategyAttached) runtime.debugLog.write(logger, () => formatFailure(call, attempt, undefined, failure, undefined));
      throw error;
    }
  };
}

/** Builds the plugin: one middleware around the SDK's retry loop and one inside it. */
export function createPlugin(runtime: ResilienceRuntime): ResiliencePlugin {
  return {
    applyToStack(stack) {
      stack.addRelativeTo(callMiddleware(runtime), {
        name: CALL_MIDDLEWARE_NAME,
        relation: "before",
        toMiddleware: SDK_RETRY_MIDDLEWARE_NAME,
        tags: ["RETRY", "SMITHY_RESILIENCE"],
        override: true,
      });
      stack.addRelativeTo(attemptMiddleware(runtime), {
        name: ATTEMPT_MIDDLEWARE_NAME,
        relation: "after",
        toMiddleware: SDK_RETRY_MIDDLEWARE_NAME,
        tags: ["RETRY", "SMITHY_RESILIENCE"],
        override: true,
      });
    },
  };
}
