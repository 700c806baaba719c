/**
 * Compiled by `npm run typecheck`, never run: hooks accept ordinary listeners whatever they return,
 * and still check the event they receive. Each `@ts-expect-error` proves the check can fail.
 */
import { CircuitOpenError, createResilience } from "../../src";
import type { AttemptEvent, GiveUpEvent, ResilienceHooks, RetryEvent } from "../../src";

declare const metrics: { increment(name: string, tags: Record<string, string>): number };

// The README's usage: a metrics call whose result is returned by the arrow.
createResilience({
  maxAttempts: 4,
  hooks: {
    onRetry: (e) => metrics.increment("pinpoint.retry", { operation: e.operation, class: e.errorClass }),
    onGiveUp: (e) => metrics.increment("pinpoint.giveup", { operation: e.operation, reason: e.reason }),
  },
});

// Arrows returning a value, async functions returning a value, plain void functions.
const seen: AttemptEvent[] = [];
const counts = new Map<string, number>();
const hooks: ResilienceHooks = {
  onAttempt: (e) => seen.push(e),
  onRetry: (e) => counts.set(e.operation, (counts.get(e.operation) ?? 0) + 1),
  onSuccess: async (e) => e.attempts,
  onGiveUp: (e: GiveUpEvent) => {
    console.log(e.reason);
  },
  onCircuitStateChange: async (e) => {
    await Promise.resolve(e.to);
  },
};
createResilience({ hooks });

// The event is still typed: unknown fields and mismatched parameters are refused.
createResilience({
  hooks: {
    // @ts-expect-error: RetryEvent has no `statusText`.
    onRetry: (e) => e.statusText,
  },
});
createResilience({
  hooks: {
    // @ts-expect-error: a hook takes the event, not a string.
    onRetry: (e: string) => e.length,
  },
});
createResilience({
  hooks: {
    // @ts-expect-error: a hook is a function.
    onGiveUp: "metrics",
  },
});
const onRetry: NonNullable<ResilienceHooks["onRetry"]> = (e: RetryEvent) => e.delayMs;
void onRetry;

// `instanceof CircuitOpenError` narrows (through its `Symbol.hasInstance` brand check), subclasses too.
declare const caught: unknown;
if (caught instanceof CircuitOpenError) {
  const retryAfterMs: number = caught.retryAfterMs;
  void retryAfterMs;
}
class TaggedCircuitOpenError extends CircuitOpenError {
  readonly tag = "tagged";
}
if (caught instanceof TaggedCircuitOpenError) {
  const tag: "tagged" = caught.tag;
  void tag;
}
