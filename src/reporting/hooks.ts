import { warnSafely } from "./lines";
import type {
  AttemptEvent,
  CircuitStateChangeEvent,
  GiveUpEvent,
  ResilienceHooks,
  ResilienceLogger,
  RetryEvent,
  SuccessEvent,
} from "../types";

/** Which event each hook receives. */
export interface HookEvents {
  onAttempt: AttemptEvent;
  onRetry: RetryEvent;
  onSuccess: SuccessEvent;
  onGiveUp: GiveUpEvent;
  onCircuitStateChange: CircuitStateChangeEvent;
}

/**
 * Calls the user's hooks. A hook that throws or rejects is contained: one warning, and the call's
 * outcome is unchanged. Events are frozen so one listener cannot change what the next one sees.
 */
export class HookEmitter {
  constructor(private readonly hooks: ResilienceHooks) {}

  /** Whether anyone listens to `name`, so callers can skip building the event. */
  listens(name: keyof HookEvents): boolean {
    return this.hooks[name] !== undefined;
  }

  /** Delivers `event` to the hook `name`, if any. Never throws. */
  emit<K extends keyof HookEvents>(name: K, event: HookEvents[K], logger: ResilienceLogger | undefined): void {
    const hook = this.hooks[name] as ((event: HookEvents[K]) => unknown) | undefined;
    if (!hook) return;
    try {
      const result = hook(Object.freeze(event) as HookEvents[K]);
      if (isThenable(result)) result.then(undefined, (failure) => warnHookFailure(name, failure, logger));
    } catch (failure) {
      warnHookFailure(name, failure, logger);
    }
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === "function";
}

function warnHookFailure(name: string, failure: unknown, logger: ResilienceLogger | undefined): void {
  const detail = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
  warnSafely(logger, `hook ${name} failed and was ignored: ${detail}`);
}
