import { GENERIC_ERROR_NAMES, NEVER_SENT_NETWORK_CODES, STATUS_CLASSES, TRANSIENT_NETWORK_CODES } from "./services/generic";
import { SERVICE_TABLES, serviceTableFor } from "./services";
import { errorCodesOf, errorNameOf, httpStatusOf, requestIdOf, retryableTraitOf } from "./errorDetails";
import type { ClassifyContext, ErrorClass } from "./types";

/** Classes that are worth another attempt. */
export const RETRYABLE_CLASSES: ReadonlySet<ErrorClass> = new Set<ErrorClass>(["THROTTLING", "TRANSIENT"]);

/** Every ErrorClass, to check what a custom classifier returns. */
export const ERROR_CLASSES: ReadonlySet<string> = new Set<ErrorClass>(["THROTTLING", "TRANSIENT", "SERVER_ERROR", "CLIENT_ERROR"]);

/** A user's classifier: an ErrorClass overrides the tables, undefined falls through to them. */
export type CustomClassifier = (error: unknown, context: ClassifyContext) => ErrorClass | undefined;

/** The outcome of classifying one failed attempt. */
export interface Classification {
  /** The error's `name` (its first error code when the name is plain "Error" or missing), as events and debug lines report it. */
  errorName: string;
  /** The class that decides whether the error is retried: only THROTTLING and TRANSIENT are. */
  errorClass: ErrorClass;
}

function classByName(name: string, service: string): ErrorClass | undefined {
  const table = serviceTableFor(service);
  if (table) return table.errors[name] ?? GENERIC_ERROR_NAMES[name];
  // Service unknown (strategy without plugin, error not from a known client): any table may know the name.
  for (const candidate of SERVICE_TABLES) {
    const errorClass = candidate.errors[name];
    if (errorClass) return errorClass;
  }
  return GENERIC_ERROR_NAMES[name];
}

function classByStatus(status: number | undefined): ErrorClass | undefined {
  if (status === undefined) return undefined;
  return STATUS_CLASSES[status] ?? (status >= 500 ? "SERVER_ERROR" : undefined);
}

/** The built-in rules, in order: abort, service table, `$retryable`, HTTP status, network codes. */
function classifyBuiltIn(error: unknown, errorName: string, service: string): ErrorClass {
  if (errorName === "AbortError") return "CLIENT_ERROR";
  const byName = classByName(errorName, service);
  if (byName) return byName;
  const retryable = retryableTraitOf(error);
  if (retryable) return retryable.throttling ? "THROTTLING" : "TRANSIENT";
  const byStatus = classByStatus(httpStatusOf(error));
  if (byStatus) return byStatus;
  if (errorCodesOf(error).some((code) => TRANSIENT_NETWORK_CODES.has(code))) return "TRANSIENT";
  return "CLIENT_ERROR";
}

/**
 * Classifies a failed attempt. A custom classifier that throws or returns an unknown value is ignored:
 * the built-in tables decide, so a user's bug cannot turn into a retry storm or a lost retry.
 */
export function classifyError(
  error: unknown,
  context: ClassifyContext,
  custom: CustomClassifier | undefined,
  onCustomFailure: (failure: unknown) => void,
): Classification {
  const errorName = errorNameOf(error);
  if (custom) {
    try {
      const overridden = custom(error, context);
      if (overridden !== undefined) {
        if (!ERROR_CLASSES.has(overridden)) throw new TypeError(`classify returned ${String(overridden)}, not an ErrorClass`);
        return { errorName, errorClass: overridden };
      }
    } catch (failure) {
      onCustomFailure(failure);
    }
  }
  return { errorName, errorClass: classifyBuiltIn(error, errorName, context.service) };
}

/** One failed attempt as events, lines and retry decisions see it: classified once, read once. */
export interface Failure extends Classification {
  error: unknown;
  /** The failure proves the request never reached the service (connection refused, DNS). */
  neverSent: boolean;
  httpStatusCode?: number;
  requestId?: string;
}

/** Classifies a failed attempt and reads what events, lines and retry decisions need from it. */
export function describeFailure(
  error: unknown,
  context: ClassifyContext,
  custom: CustomClassifier | undefined,
  onCustomFailure: (failure: unknown) => void,
): Failure {
  const { errorName, errorClass } = classifyError(error, context, custom, onCustomFailure);
  const neverSent = errorCodesOf(error).some((code) => NEVER_SENT_NETWORK_CODES.has(code));
  return { error, errorName, errorClass, neverSent, httpStatusCode: httpStatusOf(error), requestId: requestIdOf(error) };
}
