import { scrubbedErrorView } from "./errorView";

/**
 * The client's logger as the middleware context hands it out once redaction is on: reads go to the
 * logger itself (its methods bound to it), except `error`, which logs the SDK's record
 * (`{ clientName, commandName, input, error, metadata }`) with a scrubbed copy of `error`.
 * `takeSecrets()` hands over the strings the call's input filter just replaced; the SDK's logger
 * middleware runs that filter and then `error`, in one expression.
 */
export function withScrubbedErrors<L extends object>(logger: L, takeSecrets: () => readonly string[]): L {
  const error: unknown = Reflect.get(logger, "error");
  if (typeof error !== "function") return logger;
  const scrubbingError = (...content: unknown[]): unknown => {
    const secrets = takeSecrets();
    return error.apply(logger, content.map((item) => scrubRecord(item, secrets)));
  };
  // Methods bound once each: a method may rely on `this` being the logger itself (private fields).
  const bound = new WeakMap<object, unknown>();
  return new Proxy(logger, {
    get(target, property) {
      if (property === "error") return scrubbingError;
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function" || property === "constructor") return value;
      let method = bound.get(value);
      if (method === undefined) bound.set(value, (method = value.bind(target)));
      return method;
    },
  });
}

/** The SDK's record with its `error` scrubbed; an error logged alone, scrubbed; anything else as it is. */
function scrubRecord(item: unknown, secrets: readonly string[]): unknown {
  try {
    if (item instanceof Error) return scrubbedErrorView(item, secrets);
    if (typeof item === "object" && item !== null && "error" in item) return { ...item, error: scrubbedErrorView(item.error, secrets) };
  } catch {
    // An error that cannot be copied is named, not shown.
    return { ...(item as object), error: { name: (item as { error?: { name?: unknown } }).error?.name } };
  }
  return item;
}
