/**
 * A measuring middleware installed on every client of both variants: it sees each attempt (inside the
 * SDK's retry loop), so requests are counted the same way whichever strategy decides on retries.
 * @packageDocumentation
 */

/** Where the probe sits: after the SDK's retry middleware, so once per attempt. */
const PROBE_MIDDLEWARE_NAME = "demoAttemptProbe";

/** What the probe reports about one attempt. */
export interface AttemptListener {
  /** Called just before the request is sent. */
  attemptStarted(): void;
  /** Called with the HTTP status of the response, or undefined when there was none (network error). */
  attemptEnded(httpStatus: number | undefined): void;
}

type Handler = (args: unknown) => Promise<{ response: unknown }>;

/** The part of a middleware stack the probe needs, written structurally to fit both Smithy lines. */
interface StackLike {
  addRelativeTo(middleware: unknown, options: { name: string; relation: "after"; toMiddleware: string }): void;
}

/** The HTTP status of a successful attempt's response or of a failed attempt's error. */
export function attemptStatus(outcome: { response?: unknown; error?: unknown }): number | undefined {
  const error = outcome.error as { $metadata?: { httpStatusCode?: number }; $response?: { statusCode?: number } } | undefined;
  const status =
    (outcome.response as { statusCode?: unknown } | undefined)?.statusCode ??
    error?.$metadata?.httpStatusCode ??
    error?.$response?.statusCode;
  return typeof status === "number" ? status : undefined;
}

/** A plugin for `client.middlewareStack.use(...)` that reports every attempt to `listener`. */
export function attemptProbe(listener: AttemptListener) {
  const middleware = (next: Handler) => async (args: unknown) => {
    listener.attemptStarted();
    try {
      const result = await next(args);
      listener.attemptEnded(attemptStatus({ response: result.response }));
      return result;
    } catch (error) {
      listener.attemptEnded(attemptStatus({ error }));
      throw error;
    }
  };
  return {
    applyToStack(stack: StackLike): void {
      stack.addRelativeTo(middleware, { name: PROBE_MIDDLEWARE_NAME, relation: "after", toMiddleware: "retryMiddleware" });
    },
  };
}
