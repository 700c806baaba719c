import type { Call } from "./call";

const KEY_PREFIX = "smithy-resilience#";

/**
 * Hands calls from the plugin to the strategy, the only place that touches `partition_id`. The SDK's
 * retry middleware passes `context.partition_id` (plus ":longpoll" on the current line) to
 * `acquireInitialRetryToken`, and no SDK code sets it, so the call layer puts a round's key there, on
 * a context of the round's own. A key names a round only while it runs: the strategy reads it when the
 * round starts, and a later round may get the same key.
 */
export class CallHandOff {
  /** The call of each slot; a finished round frees its slot for the next round. */
  private readonly calls: Array<Call | undefined> = [];
  private readonly freeSlots: number[] = [];
  /**
   * Each slot's key, made once, and the slot of each key. Slots are reused, so keys are too: no string is
   * built and no map entry added or removed per call (a map emptied and refilled on every call rebuilds
   * its table each time). There are as many as calls were ever in flight at once.
   */
  private readonly keys: string[] = [];
  private readonly slotOfKey = new Map<string, number>();

  /** Registers a call for one round; returns the key to put in `partition_id`. */
  register(call: Call): string {
    const slot = this.freeSlots.pop() ?? this.calls.length;
    this.calls[slot] = call;
    let key = this.keys[slot];
    if (key === undefined) {
      key = `${KEY_PREFIX}${slot}`;
      this.keys[slot] = key;
      this.slotOfKey.set(key, slot);
    }
    return key;
  }

  /** The call behind a retry token scope, if the plugin registered it and its round has not ended. */
  lookup(scope: string | undefined): Call | undefined {
    if (scope === undefined || !scope.startsWith(KEY_PREFIX)) return undefined;
    const separator = scope.indexOf(":");
    const slot = this.slotOfKey.get(separator === -1 ? scope : scope.slice(0, separator));
    return slot === undefined ? undefined : this.calls[slot];
  }

  /** Forgets a finished round; its slot (and key) goes to a later round. */
  release(key: string): void {
    const slot = this.slotOfKey.get(key);
    if (slot === undefined || this.calls[slot] === undefined) return;
    this.calls[slot] = undefined;
    this.freeSlots.push(slot);
  }

  /**
   * The context to run a round's retry loop with, holding the round's key. The SDK's retry middleware
   * reads `partition_id` after an await, so a context that several rounds may use at once (the one
   * `cacheMiddleware: true` shares between sends, or a partial re-send's) lends itself as the prototype
   * of a small context of the round's own while another round holds it. A context that holds no key of
   * this library's is free: the round takes the key on it itself, and gives the context back when it ends
   * ({@link CallHandOff.giveBack}), so that the next send on a shared context finds it free too (a fresh
   * context made a prototype on every send would cost each call more than the copy saves).
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

  /** Ends a round's hold on `context`: frees it for the next round when the round took `key` on it itself. */
  static giveBack(context: { partition_id?: string }, key: string): void {
    if (context.partition_id === key) context.partition_id = undefined;
  }
}
