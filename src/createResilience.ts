import { resolveOptions } from "./options";
import type { ResiliencePlugin } from "./plugin";
import { createPlugin } from "./plugin";
import { ResilienceRetryStrategy } from "./ResilienceRetryStrategy";
import { Instance } from "./instance";
import type { ResilienceOptions, ResilienceSnapshot, SnapshotSource } from "./types";

/**
 * What {@link createResilience} returns: a strategy for the client config, a plugin for its middleware
 * stack, and a snapshot of the live state of its routes.
 */
export interface Resilience extends SnapshotSource {
  /** Pass as `retryStrategy` in the client config. */
  readonly retryStrategy: ResilienceRetryStrategy;
  /** Pass to `client.middlewareStack.use(...)`. */
  readonly plugin: ResiliencePlugin;
  /**
   * The live state of every route (service + region + endpoint) this instance has sent to: breaker
   * state, retry budget, pacing rate and queue depth, recent attempts and failures. For a health
   * endpoint or a dashboard: plain JSON-serializable data, never request content. Reads only; a bound
   * function, so `const { snapshot } = r` works.
   *
   * @example
   * ```ts
   * const healthy = r.snapshot().routes.every((route) => route.breaker?.state !== "open");
   * ```
   */
  readonly snapshot: () => ResilienceSnapshot;
}

/**
 * Creates one resilience instance. Share it between clients to share retry budgets. Each metrics sink's
 * `attach` is called here, once, with the instance's snapshot reader.
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
  const resolved = resolveOptions(options);
  const instance = new Instance(resolved);
  const snapshot = (): ResilienceSnapshot => instance.snapshot();
  const resilience: Resilience = { retryStrategy: new ResilienceRetryStrategy(instance), plugin: createPlugin(instance), snapshot };
  // A reader of its own, so a sink reaches the snapshot and nothing else of the instance.
  instance.report.attachSinks({ snapshot });
  return resilience;
}
