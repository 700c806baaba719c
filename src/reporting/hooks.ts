import { warnSafely } from "./lines";
import type { ResolvedSink } from "../options";
import type {
  AttemptEvent,
  CircuitStateChangeEvent,
  GiveUpEvent,
  ResilienceHooks,
  ResilienceLogger,
  RetryEvent,
  SnapshotSource,
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

type HookName = keyof HookEvents;

/** One listener of one event: a hook, or a sink's member of the same name. */
interface Listener {
  /** Called with `owner` as `this`, so a sink's methods keep their instance. */
  readonly fn: (this: unknown, event: never) => unknown;
  readonly owner: object;
  /** How a warning names it: "hook onRetry", "metrics[1].onRetry". */
  readonly label: string;
}

const NO_LISTENERS: readonly Listener[] = [];

/**
 * Calls the user's hooks and the metrics sinks' listeners, hooks first, then each sink in order. A
 * listener that throws or rejects is contained: one warning naming it, the other listeners still get the
 * event, and the call's outcome is unchanged. Each event is frozen once and the same object goes to every
 * listener, so one listener cannot change what the next one sees. The listeners are read once, here:
 * options are validated and fixed at construction.
 */
export class HookEmitter {
  private readonly listeners: { readonly [K in HookName]: readonly Listener[] };

  constructor(
    hooks: ResilienceHooks,
    private readonly sinks: readonly ResolvedSink[] = [],
  ) {
    const of = (name: HookName): readonly Listener[] => {
      const found: Listener[] = [];
      const hook = hooks[name];
      if (hook) found.push({ fn: hook as Listener["fn"], owner: hooks, label: `hook ${name}` });
      for (const { name: sinkName, sink } of sinks) {
        const member = sink[name];
        if (member) found.push({ fn: member as Listener["fn"], owner: sink, label: `${sinkName}.${name}` });
      }
      return found.length === 0 ? NO_LISTENERS : found;
    };
    this.listeners = {
      onAttempt: of("onAttempt"),
      onRetry: of("onRetry"),
      onSuccess: of("onSuccess"),
      onGiveUp: of("onGiveUp"),
      onCircuitStateChange: of("onCircuitStateChange"),
    };
  }

  /** Whether anyone (a hook or a sink) listens to `name`, so callers can skip building the event. */
  listens(name: HookName): boolean {
    return this.listeners[name].length > 0;
  }

  /** Delivers `event`, frozen, to every listener of `name`. Never throws. */
  emit<K extends HookName>(name: K, event: HookEvents[K], logger: ResilienceLogger | undefined): void {
    const listeners = this.listeners[name];
    if (listeners.length === 0) return;
    const frozen = Object.freeze(event);
    for (const listener of listeners) contained(listener.label, listener.fn, listener.owner, frozen, logger);
  }

  /** Gives each sink with an `attach` the snapshot reader, once. A failing `attach` is contained like a listener. */
  attach(source: SnapshotSource, logger: ResilienceLogger | undefined): void {
    for (const { name, sink } of this.sinks) {
      const attach = sink.attach;
      if (attach) contained(`${name}.attach`, attach as Listener["fn"], sink, source, logger);
    }
  }
}

/** Calls `fn` on `owner` with `arg`; a throw, or the rejection of a returned thenable, becomes one warning naming `label`. */
function contained(label: string, fn: Listener["fn"], owner: object, arg: unknown, logger: ResilienceLogger | undefined): void {
  try {
    const result = fn.call(owner, arg as never);
    if (isThenable(result)) result.then(undefined, (failure) => warnFailure(label, failure, logger));
  } catch (failure) {
    warnFailure(label, failure, logger);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === "function";
}

function warnFailure(label: string, failure: unknown, logger: ResilienceLogger | undefined): void {
  const detail = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
  warnSafely(logger, `${label} failed and was ignored: ${detail}`);
}
