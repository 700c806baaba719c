import type { Call } from "./call";
import { CallHandOff } from "./callHandOff";
import type { Failure } from "./classification";
import { describeFailure } from "./classification";
import { Operations } from "./operations";
import type { ResolvedOptions } from "./options";
import { resolveLimiterOptions } from "./rateLimiter";
import { Reporter } from "./reporting/reporter";
import { Routes } from "./routes";
import type { OperationRef, ResilienceSnapshot } from "./types";

/** What the strategy and the plugin of one `createResilience` instance share. */
export class Instance {
  readonly operations: Operations;
  readonly routes: Routes;
  readonly handOff = new CallHandOff();
  readonly report: Reporter;

  constructor(readonly options: ResolvedOptions) {
    this.operations = new Operations(options);
    this.report = new Reporter(options);
    this.routes = new Routes({
      breaker: options.circuitBreaker || undefined,
      budget: options.retryBudget || undefined,
      limiter: options.rateLimiter ? resolveLimiterOptions({ clock: options.clock, sleep: options.clock.sleep }) : undefined,
      store: options.store,
      onCircuitStateChange: ({ service, region }, from, to) => this.report.circuitChanged(service, region, from, to),
    });
  }

  /** The live state of every route; never request content. */
  snapshot(): ResilienceSnapshot {
    const { clock } = this.options;
    return { takenAt: clock.epochMs(), routes: this.routes.snapshot(clock.now()) };
  }

  /** Classifies a failed attempt of `ref`; a custom classifier that fails is ignored with a warning. */
  describeFailure(error: unknown, ref: OperationRef, call: Call | undefined): Failure {
    return describeFailure(error, { service: ref.service, operation: ref.operation }, this.options.classify, (failure) =>
      this.report.warn(call, `classify failed and was ignored: ${failure instanceof Error ? failure.message : String(failure)}`),
    );
  }

  /** The failure of `error`: the one the attempt layer already classified for the call, else classified now. */
  failureOf(error: unknown, ref: OperationRef, call: Call | undefined): Failure {
    return call?.failureFor(error) ?? this.describeFailure(error, ref, call);
  }
}
