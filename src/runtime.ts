import type { AttemptFailure, CallState } from "./callState";
import { CallRegistry } from "./callState";
import { classifyError } from "./classification";
import { DebugLog, warnSafely } from "./debugLog";
import { httpStatusOf, requestIdOf } from "./errorDetails";
import { HookEmitter } from "./hookEmitter";
import type { ResolvedOptions } from "./options";
import { RetryBudgets } from "./retryBudget";
import type { OperationRef, ResilienceLogger } from "./types";

/** State shared by the strategy and the plugin of one `createResilience` instance. */
export class ResilienceRuntime {
  readonly emitter: HookEmitter;
  readonly debugLog: DebugLog;
  readonly calls = new CallRegistry();
  readonly budgets: RetryBudgets | undefined;

  constructor(readonly options: ResolvedOptions) {
    this.emitter = new HookEmitter(options.hooks);
    this.debugLog = new DebugLog(options.debug, options.logger);
    this.budgets = options.retryBudget ? new RetryBudgets(options.retryBudget.capacity) : undefined;
  }

  /** The logger for warnings about a call: the library's own, else the client's. */
  loggerFor(call: CallState | undefined): ResilienceLogger | undefined {
    return this.options.logger ?? call?.logger;
  }

  /** Classifies a failed attempt and reads what events and logs need from it. */
  describeFailure(error: unknown, ref: OperationRef, logger: ResilienceLogger | undefined): AttemptFailure {
    const { errorName, errorClass } = classifyError(error, { service: ref.service, operation: ref.operation }, this.options.classify, (failure) =>
      warnSafely(logger, `classify failed and was ignored: ${failure instanceof Error ? failure.message : String(failure)}`),
    );
    return { error, errorName, errorClass, httpStatusCode: httpStatusOf(error), requestId: requestIdOf(error) };
  }

  /** The failure of an attempt: the one the plugin already classified, else classified now. */
  failureOf(error: unknown, ref: OperationRef, call: CallState | undefined): AttemptFailure {
    const last = call?.lastFailure;
    return last && last.error === error ? last : this.describeFailure(error, ref, this.loggerFor(call));
  }
}
