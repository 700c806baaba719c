import { withoutSuffix } from "../operations";
import type { MiddlewareContextLike } from "../middleware/sdkShapes";
import { isSdkNoOpLogger } from "./noOpLogger";
import { pinpointRedaction } from "./pinpointRedaction";
import { pinpointSmsVoiceRedaction } from "./pinpointSmsVoiceRedaction";
import { pinpointSmsVoiceV2Redaction } from "./pinpointSmsVoiceV2Redaction";
import type { ServiceRedaction } from "./redactionRules";
import type { Redactor } from "./redactor";
import { createRedactor } from "./redactor";
import { withScrubbedErrors } from "./scrubbingLogger";

/** Every service whose SDK log lines are redacted. Other clients keep the SDK's own filters. */
export const SERVICE_REDACTIONS: readonly ServiceRedaction[] = [pinpointRedaction, pinpointSmsVoiceRedaction, pinpointSmsVoiceV2Redaction];

const byService = new Map(SERVICE_REDACTIONS.map((redaction) => [redaction.service, redaction]));

/** The log filters the SDK puts on the handler context; its logger middleware calls them as it logs. */
type LogFilter = (value: unknown) => unknown;
interface LogFilterContext extends MiddlewareContextLike {
  inputFilterSensitiveLog?: LogFilter;
  outputFilterSensitiveLog?: LogFilter;
}

/** The redactors of one operation's input and output. */
export interface OperationRedactors {
  readonly input: Redactor;
  readonly output: Redactor;
}

/** Redactors by "service.operation": built on first use, a few dozen at most. */
const redactorsByOperation = new Map<string, OperationRedactors>();

/**
 * The redactors of an operation, by client and command name (`context.clientName` / `commandName`);
 * undefined for a service without rules. An operation without rules of its own gets the safety net.
 */
export function redactorsFor(clientName: string | undefined, commandName: string | undefined): OperationRedactors | undefined {
  const service = withoutSuffix(clientName, "Client");
  const redaction = byService.get(service);
  if (!redaction) return undefined;
  const operation = withoutSuffix(commandName, "Command");
  const key = `${service}.${operation}`;
  let redactors = redactorsByOperation.get(key);
  if (!redactors) {
    const rules = Object.hasOwn(redaction.operations, operation) ? redaction.operations[operation] : undefined;
    redactors = { input: createRedactor(rules?.input), output: createRedactor(rules?.output) };
    redactorsByOperation.set(key, redactors);
  }
  return redactors;
}

/** Filters this module made, so that a context seen twice is not wrapped twice. */
const redactingFilters = new WeakSet<LogFilter>();

/**
 * Puts the service's redaction after the SDK's own filters on a handler context. Called by a middleware
 * factory of the plugin, i.e. when the stack is resolved, before the call runs. The SDK's logger
 * middleware (initialize step, on both runtime lines) reads `context.inputFilterSensitiveLog` /
 * `outputFilterSensitiveLog` only as it writes, after its `next` settles, so whichever entry swaps them
 * and wherever it sits, it swaps them in time. A handler cached by `cacheMiddleware: true` keeps its
 * context, and so its filters, for every later send of the command.
 *
 * The error line also carries the thrown error, whose message may echo the request: the context's
 * logger becomes a view of the client's logger that logs a scrubbed copy of it (see withScrubbedErrors).
 *
 * Leaves the context alone when nothing will be written (no logger, or the SDK's NoOpLogger: the filters
 * would still run on every call, for nothing) or the service has no rules.
 */
export function redactLogFilters(context: LogFilterContext): void {
  const { logger } = context;
  if (!logger || isSdkNoOpLogger(logger) || isRedacting(context.inputFilterSensitiveLog)) return;
  const redactors = redactorsFor(context.clientName, context.commandName);
  if (!redactors) return;
  const sdkInputFilter = context.inputFilterSensitiveLog ?? identity;
  const sdkOutputFilter = context.outputFilterSensitiveLog ?? identity;
  // What the last input filter replaced, kept only until the line that follows it: the error line takes
  // it (see withScrubbedErrors), the success line's output filter drops it.
  let lastSecrets: readonly string[] = [];
  // The SDK's filter first: it replaces members marked sensitive and, on the new line, drops unmodeled ones.
  context.inputFilterSensitiveLog = redacting((value) => {
    const secrets: string[] = [];
    const redacted = redactors.input(sdkInputFilter(value), secrets);
    lastSecrets = secrets;
    return redacted;
  });
  context.outputFilterSensitiveLog = redacting((value) => {
    lastSecrets = [];
    return redactors.output(sdkOutputFilter(value));
  });
  context.logger = withScrubbedErrors(logger, () => {
    const secrets = lastSecrets;
    lastSecrets = [];
    return secrets;
  });
}

function redacting(filter: LogFilter): LogFilter {
  redactingFilters.add(filter);
  return filter;
}

function isRedacting(filter: LogFilter | undefined): boolean {
  return filter !== undefined && redactingFilters.has(filter);
}

const identity: LogFilter = (value) => value;
