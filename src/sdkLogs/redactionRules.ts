/**
 * What the SDK's log lines must not show, per service and operation: data only, read from the clients'
 * models. Pinpoint and SMS Voice mark no member `@sensitive`, so the SDK's own filters pass all of it.
 */

/** Members of one operation's input or output that carry message content or addresses. */
export interface ContentMembers {
  /**
   * Members whose whole value is replaced, wherever they occur in the input (or output): a string, a
   * list, a map or a structure (e.g. `Content`, whose voice text sits deeper).
   */
  readonly values?: readonly string[];
  /**
   * Map members keyed by addresses (phone numbers, emails, push tokens): each key is replaced by a
   * numbered marker; the values are kept and redacted in turn.
   */
  readonly addressKeys?: readonly string[];
}

/** Where one operation carries content. */
export interface OperationRedaction {
  readonly input?: ContentMembers;
  readonly output?: ContentMembers;
}

/**
 * Redaction rules of one service, keyed by operation name (command name without "Command"). Operations
 * not listed carry no end-user content by their model; the safety net still applies to them.
 */
export interface ServiceRedaction {
  /** Client name without "Client", as in `context.clientName`. */
  readonly service: string;
  readonly operations: Readonly<Record<string, OperationRedaction>>;
}

/** The SDK's own marker for a sensitive value (`SENSITIVE_STRING` of `@smithy/smithy-client`). */
export const SENSITIVE_MARKER = "***SensitiveInformation***";

/** Joins member lists, for operations that share shapes. */
export function members(...lists: ReadonlyArray<readonly string[]>): readonly string[] {
  return [...new Set(lists.flat())];
}
