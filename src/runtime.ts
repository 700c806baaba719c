import { CircuitBreakers } from "./breaker/CircuitBreakers";
import { CallRegistry } from "./callRegistry";
import type { AttemptFailure, CallState } from "./callState";
import { classifyError } from "./classification";
import { LOG_PREFIX, UNKNOWN } from "./constants";
import { DebugLog, warnSafely } from "./debugLog";
import { errorCodesOf, httpStatusOf, requestIdOf } from "./errorDetails";
import { HookEmitter } from "./hookEmitter";
import type { ResolvedOptions } from "./options";
import type { CallPolicy } from "./callPolicy";
import { callPolicy } from "./callPolicy";
import { getOrCreate } from "./getOrCreate";
import type { RetryBudget } from "./retryBudget";
import { RetryBudgets } from "./retryBudget";
import { refusalReason } from "./retryDecision";
import { RateLimiterRegistry } from "./rateLimiter";
import { isSeparatelyMetered } from "./services";
import { NEVER_SENT_NETWORK_CODES } from "./services/generic";
import type { ErrorClass, GiveUpReason, OperationRef, ResilienceLogger } from "./types";

/** State shared by the strategy and the plugin of one `createResilience` instance. */
export class ResilienceRuntime {
  readonly emitter: HookEmitter;
  readonly debugLog: DebugLog;
  readonly calls = new CallRegistry();
  readonly budgets: RetryBudgets | undefined;
  readonly breakers: CircuitBreakers | undefined;
  readonly limiters: RateLimiterRegistry | undefined;
  private readonly operations = new Map<string, Map<string, OperationInfo>>();
  private lastOperation: { clientName: string | undefined; commandName: string | undefined; info: OperationInfo } | undefined;

  constructor(readonly options: ResolvedOptions) {
    this.emitter = new HookEmitter(options.hooks);
    this.debugLog = new DebugLog(options.debug, options.logger);
    this.budgets = options.retryBudget ? new RetryBudgets(options.retryBudget.capacity) : undefined;
    this.breakers = options.circuitBreaker
      ? new CircuitBreakers(options.circuitBreaker, ({ service, region }, from, to) => {
          // Breakers are shared by calls, so their lines go to the library's own logger only.
          this.debugLog.write(undefined, () => `${LOG_PREFIX} circuit ${service} ${region}: ${from} -> ${to}`);
          this.emitter.emit("onCircuitStateChange", { service, region, from, to }, options.logger);
        })
      : undefined;
    this.limiters = options.rateLimiter ? new RateLimiterRegistry({ clock: options.clock, sleep: options.clock.sleep }) : undefined;
  }

  /** The pacing rate of a call's quota, requests/s, while its limiter paces it. */
  sendRateOf(call: CallState | undefined): number | undefined {
    return call?.limiter?.currentRate();
  }

  /** What is known of an operation, resolved once per client and command name (options never change). */
  operationFor(clientName: string | undefined, commandName: string | undefined): OperationInfo {
    // Calls in a row are mostly of one operation: the last answer saves two map lookups per call.
    const last = this.lastOperation;
    if (last && last.clientName === clientName && last.commandName === commandName) return last.info;
    const info = this.lookUpOperation(clientName, commandName);
    this.lastOperation = { clientName, commandName, info };
    return info;
  }

  private lookUpOperation(clientName: string | undefined, commandName: string | undefined): OperationInfo {
    const byCommand = getOrCreate(this.operations, clientName ?? UNKNOWN, () => new Map<string, OperationInfo>());
    return getOrCreate(byCommand, commandName ?? UNKNOWN, () => this.describeOperation(clientName, commandName));
  }

  private describeOperation(clientName: string | undefined, commandName: string | undefined): OperationInfo {
    const service = withoutSuffix(clientName, "Client");
    const operation = withoutSuffix(commandName, "Command");
    return { service, operation, policy: callPolicy(this.options, service, operation), separatelyMetered: isSeparatelyMetered(service, operation) };
  }

  /** The policy of an operation (the strategy alone knows the service at best). */
  policyFor(service: string, operation: string): CallPolicy {
    return this.operationFor(`${service}Client`, `${operation}Command`).policy;
  }

  /** The retry budget of a service and region; undefined when budgets are off. */
  budgetFor(service: string, region: string): RetryBudget | undefined {
    return this.budgets?.get(`${service}|${region}`);
  }

  /**
   * Decides whether a call may retry now, by the refusal table; when it may, draws the retry's cost from
   * the budget. Returns the refusal reason, or undefined and the cost drawn.
   */
  admitRetry(request: RetryRequest): { reason: GiveUpReason; cost: 0 } | { reason: undefined; cost: number } {
    const { call, policy, errorClass, budget } = request;
    const { retryBudget, clock, retryNonIdempotent } = this.options;
    const cost = !retryBudget ? 0 : errorClass === "THROTTLING" ? retryBudget.throttlingCost : retryBudget.retryCost;
    const now = clock.now();
    const reason = refusalReason({
      errorClass,
      neverSent: request.neverSent,
      attempt: request.attempt,
      maxAttempts: policy.maxAttempts,
      budget,
      cost,
      delayMs: request.delayMs,
      elapsedMs: now - request.startedAt,
      deadlineMs: policy.deadlineMs,
      idempotent: request.idempotent ?? policy.idempotent,
      retryNonIdempotent,
      aborted: call?.abortSignal?.aborted === true || request.abortError === true,
      circuitOpen: call?.breaker?.isOpen(now) === true,
    });
    if (reason) return { reason, cost: 0 };
    budget?.tryWithdraw(cost);
    return { reason: undefined, cost };
  }

  /** The logger for lines about a call: the library's own, else the client's. */
  loggerFor(call: CallState | undefined): ResilienceLogger | undefined {
    return this.options.logger ?? call?.logger;
  }

  /** Classifies a failed attempt and reads what events and logs need from it. */
  describeFailure(error: unknown, ref: OperationRef, logger: ResilienceLogger | undefined): AttemptFailure {
    const { errorName, errorClass } = classifyError(error, { service: ref.service, operation: ref.operation }, this.options.classify, (failure) =>
      warnSafely(logger, `classify failed and was ignored: ${failure instanceof Error ? failure.message : String(failure)}`),
    );
    const neverSent = errorCodesOf(error).some((code) => NEVER_SENT_NETWORK_CODES.has(code));
    return { error, errorName, errorClass, neverSent, httpStatusCode: httpStatusOf(error), requestId: requestIdOf(error) };
  }

  /** The failure of an attempt: the one the plugin already classified, else classified now. */
  failureOf(error: unknown, ref: OperationRef, call: CallState | undefined): AttemptFailure {
    const last = call?.lastFailure;
    return last && last.error === error ? last : this.describeFailure(error, ref, this.loggerFor(call));
  }
}

/** What {@link ResilienceRuntime.admitRetry} needs to know about the retry asked for. */
export interface RetryRequest {
  /** The budget the retry draws from, if budgets are on. */
  budget: RetryBudget | undefined;
  call: CallState | undefined;
  policy: CallPolicy;
  errorClass: ErrorClass;
  neverSent: boolean;
  /** The failed attempt, 1-based over the whole call. */
  attempt: number;
  delayMs: number;
  startedAt: number;
  /** Overrides the policy's idempotency (a partial re-send cannot deliver twice). */
  idempotent?: boolean;
  /** The failure itself is an abort (the old SDK line never shows the signal to middleware). */
  abortError?: boolean;
}

/** An operation as the plugin and the strategy see it. */
export interface OperationInfo {
  /** Client name without "Client". */
  service: string;
  /** Command name without "Command". */
  operation: string;
  policy: CallPolicy;
  /** Whether the operation has its own rate-limiter quota. */
  separatelyMetered: boolean;
}

function withoutSuffix(name: string | undefined, suffix: string): string {
  if (!name) return UNKNOWN;
  return name.endsWith(suffix) ? name.slice(0, -suffix.length) : name;
}
