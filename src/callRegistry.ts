import type { CallState } from "./callState";

const SCOPE_PREFIX = "smithy-resilience#";

/**
 * Hands calls from the plugin to the strategy. The SDK's retry middleware passes
 * `context.partition_id` (plus ":longpoll" on the new line) to `acquireInitialRetryToken`; no SDK code
 * sets it, so the plugin puts a call key there.
 */
export class CallRegistry {
  private readonly calls = new Map<string, CallState>();
  private nextId = 0;

  /** Registers a call; returns the scope key to put in `partition_id`. */
  register(call: CallState): string {
    const key = `${SCOPE_PREFIX}${this.nextId++}`;
    this.calls.set(key, call);
    return key;
  }

  /** The call behind a retry scope, if the plugin registered it. */
  lookup(scope: string | undefined): CallState | undefined {
    if (!scope?.startsWith(SCOPE_PREFIX)) return undefined;
    const separator = scope.indexOf(":");
    return this.calls.get(separator === -1 ? scope : scope.slice(0, separator));
  }

  /** Forgets a finished round of a call. */
  release(key: string): void {
    this.calls.delete(key);
  }
}
