/** Names this library gives things: stack entries, log prefixes, placeholders. Not settings: see constants.ts. */

/** Prefix of every line this library logs. */
export const LOG_PREFIX = "smithy-resilience";
/** The key under which debug lines carry their fields, for loggers with `logFields`. */
export const LOG_FIELDS_KEY = "smithyResilience";
/** Service or operation name used when it cannot be told. */
export const UNKNOWN = "unknown";
/** Name of the SDK's retry middleware entry, whose place the plugin takes (or, failing that, places its own entries around). */
export const SDK_RETRY_MIDDLEWARE_NAME = "retryMiddleware";
/** Name of the call layer, when it is an entry of its own (finalize step, before the SDK's retryMiddleware). */
export const CALL_MIDDLEWARE_NAME = "smithyResilienceCallMiddleware";
/** Name of the attempt layer, when it is an entry of its own (finalize step, after the SDK's retryMiddleware). */
export const ATTEMPT_MIDDLEWARE_NAME = "smithyResilienceAttemptMiddleware";
/** Name of the partial re-send layer (initialize step). */
export const PARTIAL_RESEND_MIDDLEWARE_NAME = "smithyResiliencePartialResendMiddleware";
