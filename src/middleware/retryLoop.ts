import { randomUUID } from "node:crypto";
import { attemptSucceeded, startAttempt } from "../attemptBookkeeping";
import type { ResilienceRetryStrategy } from "../ResilienceRetryStrategy";
import type { ResilienceRuntime } from "../runtime";
import { reportGiveUp, reportSuccess } from "./callLifecycle";
import { admitCall, beginCall, ownsCall, routeCache } from "./callAdmission";
import type { HandlerResult, Middleware } from "./sdkShapes";
import { statusOfResponse } from "./sdkShapes";

/** The headers the SDK's retry middleware sets, kept so that servers and logs see the same request. */
const INVOCATION_ID_HEADER = "amz-sdk-invocation-id";
const REQUEST_HEADER = "amz-sdk-request";

interface HttpRequestLike {
  headers: Record<string, string>;
  body?: unknown;
}

/** The request, when it is an HTTP request with headers (as the SDK's `HttpRequest.isInstance` checks). */
function httpRequestOf(request: unknown): HttpRequestLike | undefined {
  const headers = (request as { headers?: unknown } | undefined)?.headers;
  return headers !== null && typeof headers === "object" ? (request as HttpRequestLike) : undefined;
}

/** A stream cannot be sent twice: the SDK never retries such a request, and neither does the loop. */
function isStreamingBody(body: unknown): boolean {
  if (body === null || typeof body !== "object") return false;
  return typeof (body as { pipe?: unknown }).pipe === "function" || typeof (body as { getReader?: unknown }).getReader === "function";
}

interface SdkError {
  name?: string;
  $metadata?: { attempts?: number; totalRetryDelay?: number };
}

/** Sets what the SDK's loop reports of a call's round on its output or final error. */
function setRoundMetadata(holder: SdkError, attempts: number, totalRetryDelay: number): void {
  const metadata = (holder.$metadata ??= {});
  metadata.attempts = attempts;
  metadata.totalRetryDelay = totalRetryDelay;
}

/** What is thrown, as an object that can carry `$metadata` (as the SDK's own loop makes it). */
function asSdkError(error: unknown): SdkError {
  if (error instanceof Error) return error;
  if (error instanceof Object) return Object.assign(new Error(), error);
  return new Error(typeof error === "string" ? error : `AWS SDK error wrapper for ${String(error)}`);
}

/**
 * The retry loop, for a stack whose client is known to run this library's strategy: what the retry
 * scope, the SDK's retry middleware and the strategy do together, in one async layer. The SDK's loop
 * resolves two config providers, an initial token and a retry scope on every call; this one hands the
 * call to the strategy directly. It keeps the SDK's contract: the invocation-id and `amz-sdk-request`
 * headers, `$metadata.attempts` and `totalRetryDelay` on the output or the final error, and the
 * service's own error thrown. A request with a streaming body goes through the middleware `sdkPath` instead.
 */
export function retryLoopMiddleware(runtime: ResilienceRuntime, strategy: ResilienceRetryStrategy, sdkPath: Middleware): Middleware {
  const routeOf = routeCache(runtime);
  return (next, context) => async (args) => {
    const request = httpRequestOf(args.request);
    if (request && isStreamingBody(request.body)) return sdkPath(next, context)(args);
    const now = runtime.options.clock.now();
    const startsCall = ownsCall(context);
    const call = beginCall(runtime, context, now);
    const route = routeOf(call, context, args.request);
    let probe: number | undefined;
    try {
      probe = admitCall(call, route, now);
      if (request) request.headers[INVOCATION_ID_HEADER] = randomUUID();
      let token = strategy.firstToken(call);
      const turn = startAttempt(runtime, call, now);
      if (turn) await turn;
      for (;;) {
        const roundAttempt = token.getRetryCount() + 1;
        if (request) request.headers[REQUEST_HEADER] = `attempt=${roundAttempt}; max=${call.policy.maxAttempts}`;
        let result: HandlerResult;
        try {
          result = await next(args);
        } catch (error) {
          try {
            token = await strategy.retryAfter(token, error);
            continue;
          } catch (refusal) {
            // An abort during the backoff ends the call with the AbortError, as in the SDK's loop.
            if (call.abortSignal?.aborted && (refusal as { name?: string } | undefined)?.name === "AbortError") throw refusal;
            const failed = asSdkError(error);
            setRoundMetadata(failed, roundAttempt, call.totalDelayMs);
            throw failed;
          }
        }
        attemptSucceeded(runtime, call, statusOfResponse(result.response), result.output.$metadata?.requestId);
        strategy.recordSuccess(token);
        setRoundMetadata(result.output, roundAttempt, call.totalDelayMs);
        if (startsCall) reportSuccess(runtime, call, result.output);
        return result;
      }
    } catch (error) {
      if (startsCall) reportGiveUp(runtime, call, error);
      throw error;
    } finally {
      if (probe !== undefined) route.breaker?.releaseProbe(probe);
    }
  };
}
