import type { ResilienceHooks, ResilienceOptions } from "../../src";

/** Records every event and log line, in order, for assertions. */
export function recorder() {
  const events: Array<{ type: string; event: Record<string, unknown> }> = [];
  const debug: string[] = [];
  const warn: string[] = [];
  const hook =
    (type: string) =>
    (event: object): void => {
      events.push({ type, event: { ...event } });
    };
  const hooks: Required<ResilienceHooks> = {
    onAttempt: hook("onAttempt"),
    onRetry: hook("onRetry"),
    onSuccess: hook("onSuccess"),
    onGiveUp: hook("onGiveUp"),
    onCircuitStateChange: hook("onCircuitStateChange"),
  };
  // Only this library's lines: the SDK writes its own debug lines through the same logger.
  const ours = (lines: string[]) => (...parts: unknown[]) => {
    const line = parts.map(String).join(" ");
    if (line.startsWith("smithy-resilience")) lines.push(line);
  };
  const logger = {
    debug: ours(debug),
    info: () => {},
    warn: ours(warn),
    error: () => {},
  };
  /** Options for a deterministic instance: zero-jitter backoff and these hooks. */
  const options = (extra: ResilienceOptions = {}): ResilienceOptions => ({ clock: { random: () => 0 }, hooks, ...extra });
  return { events, debug, warn, hooks, logger, options, types: () => events.map((e) => e.type) };
}
