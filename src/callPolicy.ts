import type { ResolvedOptions } from "./options";
import { isIdempotentOperation } from "./services";

/** The limits that apply to one call: global options, then the operation's overrides. */
export interface CallPolicy {
  maxAttempts: number;
  deadlineMs: number | undefined;
  /** Whether a retry after an ambiguous failure may deliver twice is of no concern. */
  idempotent: boolean;
}

/** Resolves the policy of `service.operation` from the options and the service tables. */
export function callPolicy(options: ResolvedOptions, service: string, operation: string): CallPolicy {
  const override = options.operations[operation];
  return {
    maxAttempts: override?.maxAttempts ?? options.maxAttempts,
    deadlineMs: override?.deadlineMs ?? options.deadlineMs,
    idempotent: override?.idempotent ?? isIdempotentOperation(service, operation),
  };
}
