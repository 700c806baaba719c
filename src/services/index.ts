import { UNKNOWN } from "../names";
import { pinpoint } from "./pinpoint";
import { pinpointSmsVoice } from "./pinpointSmsVoice";
import { pinpointSmsVoiceV2 } from "./pinpointSmsVoiceV2";
import type { ServiceTable } from "./serviceTable";
import { NON_IDEMPOTENT_PREFIXES } from "./serviceTable";

export type { ServiceTable } from "./serviceTable";

/** Every service this library has a table for. */
export const SERVICE_TABLES: readonly ServiceTable[] = [pinpoint, pinpointSmsVoice, pinpointSmsVoiceV2];

const byService = new Map(SERVICE_TABLES.map((table) => [table.service, table]));
const byBaseException = new Map(SERVICE_TABLES.map((table) => [table.baseExceptionName, table]));

/** The table of a service, by client name without "Client". */
export function serviceTableFor(service: string): ServiceTable | undefined {
  return byService.get(service);
}

/**
 * The service an SDK error came from, told by its base exception class (`PinpointServiceException`, ...).
 * Lets the strategy classify by service even when the plugin is not installed.
 */
export function serviceOfError(error: unknown): string | undefined {
  let prototype = typeof error === "object" && error !== null ? Object.getPrototypeOf(error) : null;
  while (prototype && prototype !== Error.prototype) {
    const table = byBaseException.get(prototype.constructor?.name);
    if (table) return table.service;
    prototype = Object.getPrototypeOf(prototype);
  }
  return undefined;
}

/**
 * Whether an operation is idempotent by the service tables: false for the listed sends and every
 * Create*; true otherwise. An unknown operation is treated as non-idempotent, so that nothing is sent
 * twice that the user did not allow.
 */
export function isIdempotentOperation(service: string, operation: string): boolean {
  if (operation === UNKNOWN) return false;
  if (NON_IDEMPOTENT_PREFIXES.some((prefix) => operation.startsWith(prefix))) return false;
  return !serviceTableFor(service)?.nonIdempotentOperations.includes(operation);
}

/** Whether the SDK's standard mode keeps a retry budget across calls for the service; true for a service it has no table of. */
export function sdkKeepsRetryBudget(service: string): boolean {
  return serviceTableFor(service)?.sdkKeepsRetryBudget ?? true;
}

/** Whether an operation has a throughput quota of its own, apart from the rest of its service. */
export function isSeparatelyMetered(service: string, operation: string): boolean {
  return serviceTableFor(service)?.separatelyMeteredOperations.includes(operation) === true;
}
