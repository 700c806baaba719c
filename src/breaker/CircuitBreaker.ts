import type { CircuitState } from "../types";
import { SlidingWindow } from "./SlidingWindow";

/** Resolved breaker settings. */
export interface CircuitBreakerPolicy {
  failureRatio: number;
  minimumCalls: number;
  windowMs: number;
  openMs: number;
  halfOpenProbes: number;
}

/** What an attempt's outcome means to a breaker. */
export type BreakerOutcome = "success" | "failure" | "neutral";

/** The answer to a call asking to start: admitted (maybe as a half-open probe), or not until `retryAfterMs`. */
export type Admission = { admitted: true; probe: number | undefined } | { admitted: false; retryAfterMs: number };

/** What a breaker looks like at one moment, for a snapshot. */
export interface BreakerView {
  state: CircuitState;
  /** When an open breaker lets a probe through, ms from then; 0 when closed or half-open. */
  retryAfterMs: number;
  /** Outcomes recorded in the window (successes and failures; neutral outcomes are not recorded). */
  attempts: number;
  /** Of those, failures. */
  failures: number;
}

/** The answer of a closed breaker, shared: admitting is the hot path. */
const ADMITTED: Admission = Object.freeze({ admitted: true, probe: undefined });

/**
 * A failure-ratio circuit breaker: closed → open when, over `windowMs`, at least `minimumCalls`
 * outcomes were recorded and the failure share reached `failureRatio`; open → half-open after `openMs`;
 * half-open lets `halfOpenProbes` calls through, and the first success closes it, a failure reopens it.
 */
export class CircuitBreaker {
  private state: CircuitState = "closed";
  private openedAt = 0;
  private probesInFlight = 0;
  /** Counts half-open periods, so a late probe release cannot free a slot of a later period. */
  private halfOpenPeriod = 0;
  private readonly window: SlidingWindow;

  constructor(
    private readonly policy: CircuitBreakerPolicy,
    private readonly onStateChange: (from: CircuitState, to: CircuitState) => void,
  ) {
    this.window = new SlidingWindow(policy.windowMs);
  }

  /** The state at time `now` (an open breaker whose time is up reads as half-open). */
  stateAt(now: number): CircuitState {
    if (this.state === "open" && now - this.openedAt >= this.policy.openMs) this.transition("half-open");
    return this.state;
  }

  /**
   * The breaker at `now`, read only: an open breaker whose time is up reads as half-open without the
   * transition (nor its event), which the next call's admission makes.
   */
  view(now: number): BreakerView {
    const openForMs = now - this.openedAt;
    const state = this.state === "open" && openForMs >= this.policy.openMs ? "half-open" : this.state;
    const { total, failures } = this.window.counts(now);
    return { state, retryAfterMs: state === "open" ? this.policy.openMs - openForMs : 0, attempts: total, failures };
  }

  /** Asks to start a call at `now`. A half-open breaker admits `halfOpenProbes` calls at a time. */
  tryAcquire(now: number): Admission {
    const state = this.stateAt(now);
    if (state === "closed") return ADMITTED;
    if (state === "half-open" && this.probesInFlight < this.policy.halfOpenProbes) {
      this.probesInFlight++;
      return { admitted: true, probe: this.halfOpenPeriod };
    }
    return { admitted: false, retryAfterMs: state === "open" ? this.policy.openMs - (now - this.openedAt) : this.policy.openMs };
  }

  /** Whether retries should stop because the breaker opened meanwhile. */
  isOpen(now: number): boolean {
    return this.stateAt(now) === "open";
  }

  /** Records one attempt's outcome. */
  record(now: number, outcome: BreakerOutcome): void {
    if (outcome === "neutral") return;
    const state = this.stateAt(now);
    if (state === "half-open") {
      this.transition(outcome === "success" ? "closed" : "open", now);
      return;
    }
    if (state === "open") return;
    this.window.record(now, outcome === "failure");
    const { total, failures } = this.window.counts(now);
    if (total >= this.policy.minimumCalls && failures / total >= this.policy.failureRatio) this.transition("open", now);
  }

  /** Gives back a probe slot when the probe call ended without a verdict (a neutral outcome). */
  releaseProbe(probe: number): void {
    if (probe === this.halfOpenPeriod && this.probesInFlight > 0) this.probesInFlight--;
  }

  private transition(to: CircuitState, now = this.openedAt + this.policy.openMs): void {
    const from = this.state;
    if (from === to) return;
    this.state = to;
    this.probesInFlight = 0;
    if (to === "half-open") this.halfOpenPeriod++;
    if (to === "open") this.openedAt = now;
    if (to === "closed") this.window.reset();
    this.onStateChange(from, to);
  }
}
