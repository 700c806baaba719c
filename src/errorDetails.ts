/** Reads the fields of an SDK or Node.js error that decisions and events need, tolerating any shape. */

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  cause?: unknown;
  $retryable?: { throttling?: boolean } | unknown;
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown };
  $response?: { statusCode?: unknown; headers?: unknown };
}

const MAX_CAUSE_DEPTH = 5;

function asErrorLike(error: unknown): ErrorLike | undefined {
  return typeof error === "object" && error !== null ? (error as ErrorLike) : undefined;
}

/** The HTTP status of a failed attempt: `$metadata` first, then the raw response (set even when `$metadata` lost it). */
export function httpStatusOf(error: unknown): number | undefined {
  const e = asErrorLike(error);
  const status = e?.$metadata?.httpStatusCode ?? e?.$response?.statusCode;
  return typeof status === "number" ? status : undefined;
}

/** The service's request id, when the response carried one. */
export function requestIdOf(error: unknown): string | undefined {
  const id = asErrorLike(error)?.$metadata?.requestId;
  return typeof id === "string" ? id : undefined;
}

/** Error codes along the `cause` chain (`ECONNRESET`, ...), nearest first. */
export function errorCodesOf(error: unknown): string[] {
  const codes: string[] = [];
  let current = asErrorLike(error);
  for (let depth = 0; current && depth < MAX_CAUSE_DEPTH; depth++) {
    if (typeof current.code === "string") codes.push(current.code);
    current = asErrorLike(current.cause);
  }
  return codes;
}

/** A name for events and logs: the error's name, or its code when the name is the generic "Error". */
export function errorNameOf(error: unknown): string {
  const e = asErrorLike(error);
  const name = typeof e?.name === "string" ? e.name : undefined;
  if (name && name !== "Error") return name;
  return errorCodesOf(error)[0] ?? name ?? "UnknownError";
}

/** The `$retryable` trait of a modeled error: undefined when absent. */
export function retryableTraitOf(error: unknown): { throttling: boolean } | undefined {
  const trait = asErrorLike(error)?.$retryable;
  if (typeof trait !== "object" || trait === null) return undefined;
  return { throttling: (trait as { throttling?: boolean }).throttling === true };
}

/** Response headers of a failed attempt, or undefined. */
export function responseHeadersOf(error: unknown): Record<string, unknown> | undefined {
  const headers = asErrorLike(error)?.$response?.headers;
  return typeof headers === "object" && headers !== null ? (headers as Record<string, unknown>) : undefined;
}
