import type { ErrorClass } from "../types";

/** Error names that mean the same thing on any AWS service. */
export const GENERIC_ERROR_NAMES: Readonly<Record<string, ErrorClass>> = {
  ThrottlingException: "THROTTLING",
  Throttling: "THROTTLING",
  TooManyRequestsException: "THROTTLING",
  RequestLimitExceeded: "THROTTLING",
  RequestThrottled: "THROTTLING",
  RequestThrottledException: "THROTTLING",
  SlowDown: "THROTTLING",
  TimeoutError: "TRANSIENT",
  RequestTimeout: "TRANSIENT",
  RequestTimeoutException: "TRANSIENT",
  // This library's own fail-fast error: the service is believed down, not the request wrong.
  CircuitOpenError: "TRANSIENT",
};

/** HTTP statuses that are worth another attempt. */
export const STATUS_CLASSES: Readonly<Record<number, ErrorClass>> = {
  429: "THROTTLING",
  500: "TRANSIENT",
  502: "TRANSIENT",
  503: "TRANSIENT",
  504: "TRANSIENT",
};

/** Node.js socket and DNS error codes of a connection that failed or broke: retried as TRANSIENT. */
export const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/** Connection failures that prove the request never reached the service: safe to retry any operation. */
export const NEVER_SENT_NETWORK_CODES: ReadonlySet<string> = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);
