import type { CallState } from "./callState";

const SCOPE_PREFIX = "smithy-resilience#";

/**
 * Hands calls from the plugin to the strategy. The SDK's retry middleware passes
 * `context.partition_id` (plus ":longpoll" on the new line) to `acquireInitialRetryToken`; no SDK code
 * sets it, so the plugin puts a call key there.
 */
export class CallRegistry {
  /** A released key stays, mapped to undefined: updating an entry is cheaper than deleting and adding it. */
  private readonly calls = new Map<string, CallState | undefined>();
  /** Keys of finished rounds, used again: a reused string keeps its hash, so no call builds one. */
  private readonly freeKeys: string[] = [];

  /** Registers a call; returns the scope key to put in `partition_id`. */
  register(call: CallState): string {
    const key = this.freeKeys.pop() ?? `${SCOPE_PREFIX}${this.calls.size}`;
    this.calls.set(key, call);
    return key;
  }

  /** The call behind a retry scope, if the plugin registered it. */
  lookup(scope: string | undefined): CallState | undefined {
    if (scope === undefined) return undefined;
    const call = this.calls.get(scope);
    if (call !== undefined || !scope.startsWith(SCOPE_PREFIX)) return call;
    const separator = scope.indexOf(":");
    return separator === -1 ? undefined : this.calls.get(scope.slice(0, separator));
  }

  /** Forgets a finished round of a call; its key is handed out again. */
  release(key: string): void {
    if (this.calls.get(key) === undefined) return;
    this.calls.set(key, undefined);
    this.freeKeys.push(key);
  }
}
