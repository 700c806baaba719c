/**
 * Whether a logger is the SDK's `NoOpLogger`, the default `logger` of every client (both runtime lines).
 * Told by the class name, as the SDK's own waiter does: the class is not exported under one identity
 * (each runtime line has its own), and a bundler that renames classes makes this answer false, which
 * only loses the console fallback.
 */
export function isSdkNoOpLogger(logger: unknown): boolean {
  const name = (logger as { constructor?: { name?: unknown } } | null | undefined)?.constructor?.name;
  return typeof name === "string" && name.includes("NoOpLogger");
}
