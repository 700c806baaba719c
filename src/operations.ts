import { UNKNOWN } from "./names";
import type { ResolvedOptions } from "./options";
import { isIdempotentOperation, isSeparatelyMetered } from "./services";
import type { OperationRef } from "./types";

/** The limits that apply to one call: global options, then the operation's overrides. */
export interface CallPolicy {
  maxAttempts: number;
  deadlineMs: number | undefined;
  /** Whether a retry after an ambiguous failure may deliver twice is of no concern. */
  idempotent: boolean;
}

/** An operation as the plugin and the strategy see it. */
export interface OperationInfo extends OperationRef {
  policy: CallPolicy;
  /** Whether the operation has its own rate-limiter quota. */
  separatelyMetered: boolean;
}

/** An SDK name without its suffix: "PinpointClient" → "Pinpoint", "SendMessagesCommand" → "SendMessages". */
export function withoutSuffix(name: string | undefined, suffix: string): string {
  if (!name) return UNKNOWN;
  return name.endsWith(suffix) ? name.slice(0, -suffix.length) : name;
}

/** What is known of each operation, resolved once per service and operation (options never change). */
export class Operations {
  private readonly byService = new Map<string, Map<string, OperationInfo>>();
  /** The same, by the context's own names, so that no call cuts the suffixes off again. */
  private readonly byClient = new Map<string | undefined, Map<string | undefined, OperationInfo>>();

  constructor(private readonly options: ResolvedOptions) {}

  /** The operation of a middleware context: `clientName` "PinpointClient", `commandName` "SendMessagesCommand". */
  ofContext(clientName: string | undefined, commandName: string | undefined): OperationInfo {
    let commands = this.byClient.get(clientName);
    if (!commands) this.byClient.set(clientName, (commands = new Map()));
    let info = commands.get(commandName);
    if (!info) commands.set(commandName, (info = this.get(withoutSuffix(clientName, "Client"), withoutSuffix(commandName, "Command"))));
    return info;
  }

  /** The operation `service.operation` ("Pinpoint", "SendMessages"). */
  get(service: string, operation: string): OperationInfo {
    let operations = this.byService.get(service);
    if (!operations) this.byService.set(service, (operations = new Map()));
    let info = operations.get(operation);
    if (!info) operations.set(operation, (info = this.describe(service, operation)));
    return info;
  }

  private describe(service: string, operation: string): OperationInfo {
    const override = this.options.operations[operation];
    const policy: CallPolicy = {
      maxAttempts: override?.maxAttempts ?? this.options.maxAttempts,
      deadlineMs: override?.deadlineMs ?? this.options.deadlineMs,
      idempotent: override?.idempotent ?? isIdempotentOperation(service, operation),
    };
    return { service, operation, policy, separatelyMetered: isSeparatelyMetered(service, operation) };
  }
}
