import { resolveOptions } from "./options";
import type { ResiliencePlugin } from "./plugin";
import { createPlugin } from "./plugin";
import { ResilienceRetryStrategy } from "./ResilienceRetryStrategy";
import { Instance } from "./instance";
import type { ResilienceOptions } from "./types";

/** What {@link createResilience} returns: a strategy for the client config and a plugin for its middleware stack. */
export interface Resilience {
  /** Pass as `retryStrategy` in the client config. */
  readonly retryStrategy: ResilienceRetryStrategy;
  /** Pass to `client.middlewareStack.use(...)`. */
  readonly plugin: ResiliencePlugin;
}

/**
 * Creates one resilience instance. Share it between clients to share retry budgets.
 *
 * @example
 * ```ts
 * const r = createResilience({ maxAttempts: 4, hooks: { onRetry: (e) => metrics.count("retry", e) } });
 * const client = new PinpointClient({ region, retryStrategy: r.retryStrategy, logger });
 * client.middlewareStack.use(r.plugin);
 * ```
 * @throws Error naming the option and its accepted range when an option is invalid.
 */
export function createResilience(options?: ResilienceOptions): Resilience {
  const instance = new Instance(resolveOptions(options));
  return { retryStrategy: new ResilienceRetryStrategy(instance), plugin: createPlugin(instance) };
}
