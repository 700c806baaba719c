import type { Call } from "./call";

const KEY_PREFIX = "smithy-resilience#";

/**
 * Hands calls from the plugin to the strategy, the only place that touches `partition_id`. The SDK's
 * retry middleware passes `context.partition_id` (plus ":longpoll" on the current line) to
 * `acquireInitialRetryToken`, and no SDK code sets it, so the call layer puts a per-call key there, on
 * a context of the call's own.
 */
export class CallHandOff {
  private readonly calls = new Map<string, Call>();
  private nextId = 0;

  /** Registers a call for one round; returns the key to put in `partition_id`. */
  register(call: Call): string {
    const key = `${KEY_PREFIX}${this.nextId++}`;
    this.calls.set(key, call);
    return key;
  }

  /** The call behind a retry token scope, if the plugin registered it. */
  lookup(scope: string | undefined): Call | undefined {
    if (scope === undefined || !scope.startsWith(KEY_PREFIX)) return undefined;
    const separator = scope.indexOf(":");
    return this.calls.get(separator === -1 ? scope : scope.slice(0, separator));
  }

  /** Forgets a finished round. */
  release(key: string): void {
    this.calls.delete(key);
  }

  /**
   * The context to run a round's retry loop with, holding the round's key. The SDK's retry middleware
   * reads `partition_id` after an await, so a context that several rounds may use at once (the one
   * `cacheMiddleware: true` shares between sends, or a partial re-send's) lends itself as the prototype
   * of a small context of the round's own. A context that holds no key of this library's yet is a
   * send's own, first round: it takes the key itself (a fresh context made a prototype on every send
   * would cost each call more than the copy saves).
   */
  static contextFor<C extends { partition_id?: string }>(context: C, key: string): C & { partition_id: string } {
    if (context.partition_id?.startsWith(KEY_PREFIX)) {
      const own = Object.create(context) as C & { partition_id: string };
      own.partition_id = key;
      return own;
    }
    context.partition_id = key;
    return context as C & { partition_id: string };
  }
}
