import type { Call } from "../call";
import type { Failure } from "../classification";
import { RETRYABLE_CLASSES } from "../classification";
import { UNKNOWN } from "../names";
import { DeadlineExceededError } from "../DeadlineExceededError";
import type { ResolvedOptions } from "../options";
import type { AttemptEvent, CircuitState, GiveUpReason, OperationRef, ResilienceLogger, SnapshotSource } from "../types";
import type { HandlerResult } from "../middleware/sdkShapes";
import { statusOfResponse } from "../middleware/sdkShapes";
import { HookEmitter } from "./hooks";
import { DebugLog, warnSafely, formatCircuitChange, formatFailure, formatGiveUp, formatResend, formatResendStopped, formatSuccess } from "./lines";

/** A retry the strategy (or the partial re-send) decided on, or refused. */
export interface RetryReport {
  ref: OperationRef;
  /** The call, when the plugin registered it; undefined for the strategy alone. */
  call: Call | undefined;
  /** The failed attempt, 1-based over the whole call. */
  attempt: number;
  maxAttempts: number;
  failure: Failure;
  /** When the call started (clock.now()). */
  startedAt: number;
}

/**
 * The only code that builds events and writes call lines. Each event goes to the hooks and to every
 * metrics sink (one frozen object for all); each line and event is built only when someone reads it (a
 * hook or a sink listens, debug is on). Events carry the call's region ("unknown" for the strategy
 * alone). "One line per failed attempt" is kept here: the strategy's decision line when this library's
 * strategy took the call, else the attempt layer's.
 */
export class Reporter {
  private readonly hooks: HookEmitter;
  private readonly lines: DebugLog;

  constructor(private readonly options: ResolvedOptions) {
    this.hooks = new HookEmitter(options.hooks, options.metrics);
    this.lines = new DebugLog(options.debug, options.logger);
  }

  /** Gives each metrics sink with an `attach` the instance's snapshot reader; failures are warned of with the library's own logger. */
  attachSinks(source: SnapshotSource): void {
    this.hooks.attach(source, this.options.logger);
  }

  /** The logger for lines and warnings about a call: the library's own, else the client's. */
  loggerFor(call: Call | undefined): ResilienceLogger | undefined {
    return this.options.logger ?? call?.logger;
  }

  /** An attempt got a response: `onAttempt`, built only when someone listens. */
  attemptSucceeded(call: Call, durationMs: number, result: HandlerResult): void {
    if (!this.hooks.listens("onAttempt")) return;
    this.emitAttempt(call, durationMs, { httpStatusCode: statusOfResponse(result.response), requestId: result.output.$metadata?.requestId });
  }

  /** An attempt failed: `onAttempt`, and its failure line unless this library's strategy writes it with its decision. */
  attemptFailed(call: Call, durationMs: number, failure: Failure): void {
    if (this.hooks.listens("onAttempt")) {
      const { httpStatusCode, errorName, errorClass, requestId } = failure;
      this.emitAttempt(call, durationMs, { httpStatusCode, errorName, errorClass, requestId });
    }
    if (!call.strategyAttached) {
      this.lines.write(this.loggerFor(call), () => formatFailure(call, call.attempts, undefined, failure, undefined, call.limiter?.currentRate()));
    }
  }

  private emitAttempt(call: Call, durationMs: number, outcome: Pick<AttemptEvent, "httpStatusCode" | "errorName" | "errorClass" | "requestId">): void {
    const paced = call.limiter === undefined ? {} : { sendRate: call.limiter.currentRate(), pacingDelayMs: call.pacingDelayMs };
    const { service, operation, region } = call;
    this.hooks.emit("onAttempt", { service, operation, region, attempt: call.attempts, durationMs, ...outcome, ...paced }, this.loggerFor(call));
  }

  /** A failed attempt will be retried after `delayMs`. */
  retry({ ref, call, attempt, maxAttempts, failure }: RetryReport, delayMs: number): void {
    const logger = this.loggerFor(call);
    if (this.hooks.listens("onRetry")) {
      const { errorName, errorClass } = failure;
      this.hooks.emit("onRetry", { service: ref.service, operation: ref.operation, region: ref.region ?? UNKNOWN, attempt, delayMs, errorName, errorClass }, logger);
    }
    this.lines.write(logger, () => formatFailure(ref, attempt, maxAttempts, failure, { retryInMs: delayMs }, call?.limiter?.currentRate()));
  }

  /**
   * A retry was refused. The decision goes on the attempt's line; a call the plugin started reports its
   * give-up when the error reaches it, the strategy used alone reports it here.
   */
  refused({ ref, call, attempt, maxAttempts, failure, startedAt }: RetryReport, reason: GiveUpReason): void {
    const logger = this.loggerFor(call);
    this.lines.write(logger, () => formatFailure(ref, attempt, maxAttempts, failure, { giveUp: reason }, call?.limiter?.currentRate()));
    if (call) return;
    this.lines.write(logger, () => formatGiveUp(ref, attempt, reason, failure.errorName));
    if (!this.hooks.listens("onGiveUp")) return;
    const { errorName, errorClass } = failure;
    const durationMs = this.options.clock.now() - startedAt;
    const event = { service: ref.service, operation: ref.operation, region: ref.region ?? UNKNOWN, attempts: attempt, reason, errorName, errorClass, durationMs };
    this.hooks.emit("onGiveUp", event, logger);
  }

  /** A call succeeded; `totalDelayMs` is the output's exact `$metadata.totalRetryDelay`. */
  success(ref: OperationRef, attempts: number, totalDelayMs: number, durationMs: number, logger: ResilienceLogger | undefined): void {
    if (attempts > 1) this.lines.write(logger, () => formatSuccess(ref, attempts, totalDelayMs, durationMs));
    if (!this.hooks.listens("onSuccess")) return;
    this.hooks.emit("onSuccess", { service: ref.service, operation: ref.operation, region: ref.region ?? UNKNOWN, attempts, totalDelayMs, durationMs }, logger);
  }

  /** A call the plugin started succeeded. */
  callSucceeded(call: Call, totalDelayMs: number): void {
    if (call.attempts <= 1 && !this.hooks.listens("onSuccess")) return;
    this.success(call, call.attempts, totalDelayMs, this.options.clock.now() - call.startedAt, this.loggerFor(call));
  }

  /** A call the plugin started failed for good with `failure`, its last error. */
  callGaveUp(call: Call, failure: Failure): void {
    const logger = this.loggerFor(call);
    const reason = call.giveUpReason ?? inferredGiveUpReason(call, failure);
    // A refusal by this library's strategy was already logged on its attempt line.
    if (!call.strategyAttached || !call.giveUpReason || failure.error instanceof DeadlineExceededError) this.lines.write(logger, () => formatGiveUp(call, call.attempts, reason, failure.errorName));
    if (!this.hooks.listens("onGiveUp")) return;
    const { service, operation, region } = call;
    const { errorName, errorClass } = failure;
    const durationMs = this.options.clock.now() - call.startedAt;
    this.hooks.emit("onGiveUp", { service, operation, region, attempts: call.attempts, reason, errorName, errorClass, durationMs }, logger);
  }

  /** Addresses of a partial failure will be re-sent after `delayMs`. */
  resend(call: Call, attempt: number, addresses: number, statuses: string, errorClass: Failure["errorClass"], delayMs: number): void {
    const logger = this.loggerFor(call);
    if (this.hooks.listens("onRetry")) {
      const { service, operation, region } = call;
      this.hooks.emit("onRetry", { service, operation, region, attempt, delayMs, errorName: statuses, errorClass, resentAddresses: addresses }, logger);
    }
    this.lines.write(logger, () => formatResend(call, attempt, call.info.policy.maxAttempts, addresses, statuses, delayMs));
  }

  /** Addresses of a partial failure stay failed: a retry was refused, or the round that re-sent them failed. */
  resendStopped(call: Call, addresses: number, statuses: string, why: { reason: GiveUpReason } | { errorName: string }): void {
    this.lines.write(this.loggerFor(call), () => formatResendStopped(call, addresses, statuses, why));
  }

  /** A circuit breaker changed state. Breakers are shared by calls, so this goes to the library's own logger. */
  circuitChanged(service: string, region: string, from: CircuitState, to: CircuitState): void {
    this.lines.write(undefined, () => formatCircuitChange(service, region, from, to));
    if (this.hooks.listens("onCircuitStateChange")) this.hooks.emit("onCircuitStateChange", { service, region, from, to }, this.options.logger);
  }

  /** A warning about a user's code (a classifier or hook that failed); never fails the call. */
  warn(call: Call | undefined, message: string): void {
    warnSafely(this.loggerFor(call), message);
  }
}

/** Why a call failed when no strategy of this library said (another strategy, or an abort). */
function inferredGiveUpReason(call: Call, failure: Failure): GiveUpReason {
  if (failure.errorName === "AbortError" || call.abortSignal?.aborted) return "aborted";
  return RETRYABLE_CLASSES.has(failure.errorClass) ? "max-attempts" : "non-retryable";
}
