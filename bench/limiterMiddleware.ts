/**
 * Bench-only wiring of the adaptive rate limiter, until the library wires it itself (option
 * `rateLimiter`): a finalize middleware after the SDK's `retryMiddleware`, so it runs once per attempt,
 * waits for the limiter before the request is sent and reports each response to it.
 */
import { classifyError } from "../src";
import { RateLimiterRegistry, rateLimiterKey } from "../src/rateLimiter";

type Next = (args: unknown) => Promise<unknown>;
interface Context {
  clientName?: string;
  commandName?: string;
}

/** The part of a client's middleware stack this needs (both Smithy lines). */
export interface StackLike {
  addRelativeTo(middleware: unknown, options: { name: string; relation: "after"; toMiddleware: string; override?: boolean }): void;
}

const strip = (name: string | undefined, suffix: string) => (name ?? "unknown").replace(new RegExp(`${suffix}$`), "");

/** Installs `registry` on a client's stack; the quota key is service and `region`. */
export function installLimiter(stack: StackLike, registry: RateLimiterRegistry, region: string): void {
  const middleware = (next: Next, context: Context) => async (args: unknown) => {
    const service = strip(context.clientName, "Client");
    const key = rateLimiterKey(service, region);
    const wait = registry.acquire(key);
    if (wait) await wait;
    try {
      const result = await next(args);
      registry.onResponse(key, { throttled: false });
      return result;
    } catch (error) {
      const { errorClass } = classifyError(error, { service, operation: strip(context.commandName, "Command") }, undefined, () => undefined);
      registry.onResponse(key, { throttled: errorClass === "THROTTLING" });
      throw error;
    }
  };
  stack.addRelativeTo(middleware, { name: "benchRateLimiterMiddleware", relation: "after", toMiddleware: "retryMiddleware", override: true });
}

export { RateLimiterRegistry };
