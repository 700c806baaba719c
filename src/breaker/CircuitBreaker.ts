import { BREAKER_RECENT_WINDOW_MS } from "../constants";
import type { CircuitState } from "../types";
import { SlidingWindow } from "./SlidingWindow";

/** Resolved breaker settings (see `CircuitBreakerOptions` and docs/breaker.md). */
export interface CircuitBreakerPolicy {
  /** Failed attempts in a row, with no success between them, that open it. */
  consecutiveFailures: number;
  /** While open, one call is let through as a probe every this many ms. */
  probeIntervalMs: number;
  /** Consecutive successes that close it, the first probe's included. */
  closeAfterSuccesses: number;
}

/** What an attempt's outcome means to a breaker. */
export type BreakerOutcome = "success" | "failure" | "neutral";

/** The answer to a call asking to start: admitted (maybe as a probe), or not until `retryAfterMs`. */
export type Admission = { admitted: true; probe: number | undefined } | { admitted: false; retryAfterMs: number };

/** What a breaker looks like at one moment, for a snapshot. */
export interface BreakerView {
  state: CircuitState;
  /** When an open breaker lets its next probe through, ms from then (0: the next call is a probe); 0 when closed or half-open. */
  retryAfterMs: number;
  /** Outcomes recorded over the last {@link BREAKER_RECENT_WINDOW_MS} while closed (neutral outcomes are not recorded). */
  attempts: number;
  /** Of those, failures. */
  failures: number;
}

/** The answer of a closed breaker, shared: admitting is the hot path. */
const ADMITTED: Admission = Object.freeze({ admitted: true, probe: undefined });

/**
 * A dead-service detector (docs/breaker.md). It refuses calls only while the service looks dead, never
 * while it is degraded, which the retry budget and backoff handle:
 * - **closed → open** after `consecutiveFailures` failed attempts in a row (default 75): a service that
 *   still answers one attempt in five essentially never does that, a dead one does it within a second
 *   at 50 calls/s. Only the outcomes of attempts sent count: its own refusals never reach it, and neutral
 *   outcomes (throttling, client errors, aborts) neither count nor break the run.
 * - **open**: calls fail fast, except one probe every `probeIntervalMs` (default 1 s). A failed probe
 *   keeps it open, with no event; a successful one makes it half-open.
 * - **half-open**: as many calls at a time as successes are still missing; after
 *   `closeAfterSuccesses` consecutive successes (default 2, the first probe's included) it closes; a
 *   failure opens it again.
 */
export class CircuitBreaker {
  private state: CircuitState = "closed";
  /** Closed: failed attempts since the last success. */
  private failuresInARow = 0;
  /** Open: when the next probe may go. */
  private nextProbeAt = 0;
  /** Half-open: consecutive successes so far. */
  private successes = 0;
  /** Half-open: probes admitted and not yet released. */
  private probesInFlight = 0;
  /** Counts the periods of each state, so a late probe release cannot free a slot of a later period. */
  private period = 0;
  /** Recent outcomes while closed, for snapshots only. */
  private readonly recent = new SlidingWindow(BREAKER_RECENT_WINDOW_MS);

  constructor(
    private readonly policy: CircuitBreakerPolicy,
    private readonly onStateChange: (from: CircuitState, to: CircuitState) => void,
  ) {}

  /** The state (time alone never changes it: outcomes do). */
  stateAt(_now: number): CircuitState {
    return this.state;
  }

  /** The breaker at `now`, read only. */
  view(now: number): BreakerView {
    const { total, failures } = this.recent.counts(now);
    return { state: this.state, retryAfterMs: this.state === "open" ? Math.max(0, this.nextProbeAt - now) : 0, attempts: total, failures };
  }

  /**
   * Asks to start a call at `now`. Closed: admitted. Open: admitted as a probe once the probe interval
   * has passed, else refused until then. Half-open: admitted while fewer probes are in flight than
   * successes are missing, else refused (for at most a probe interval: the probes in flight close or
   * reopen it).
   */
  tryAcquire(now: number): Admission {
    if (this.state === "closed") return ADMITTED;
    if (this.state === "open") {
      if (now < this.nextProbeAt) return { admitted: false, retryAfterMs: this.nextProbeAt - now };
      this.nextProbeAt = now + this.policy.probeIntervalMs;
      return { admitted: true, probe: this.period };
    }
    if (this.probesInFlight + this.successes < this.policy.closeAfterSuccesses) {
      this.probesInFlight++;
      return { admitted: true, probe: this.period };
    }
    return { admitted: false, retryAfterMs: this.policy.probeIntervalMs };
  }

  /** Whether retries should stop: the breaker is open (half-open lets its probes' calls retry). */
  isOpen(_now: number): boolean {
    return this.state === "open";
  }

  /**
   * Records one attempt's outcome. Closed: a failure lengthens the run, which opens it at
   * `consecutiveFailures`; a success ends the run. Open: a success (the probe's, or a late one of a
   * call admitted before) makes it half-open; a failure changes nothing. Half-open: successes count
   * towards closing; a failure opens it again.
   */
  record(now: number, outcome: BreakerOutcome): void {
    if (outcome === "neutral") return;
    const failed = outcome === "failure";
    if (this.state === "closed") {
      this.recent.record(now, failed);
      this.failuresInARow = failed ? this.failuresInARow + 1 : 0;
      if (this.failuresInARow >= this.policy.consecutiveFailures) this.open(now);
      return;
    }
    if (failed) {
      if (this.state === "half-open") this.open(now);
      return;
    }
    if (this.state === "open") {
      this.successes = 0;
      this.transition("half-open");
    }
    this.successes++;
    if (this.successes >= this.policy.closeAfterSuccesses) this.transition("closed");
  }

  /** Gives back a half-open probe's slot when its call ended, whatever the verdict (neutral included). */
  releaseProbe(probe: number): void {
    if (probe === this.period && this.probesInFlight > 0) this.probesInFlight--;
  }

  private open(now: number): void {
    this.nextProbeAt = now + this.policy.probeIntervalMs;
    this.transition("open");
  }

  private transition(to: CircuitState): void {
    const from = this.state;
    this.state = to;
    this.period++;
    this.probesInFlight = 0;
    if (to === "closed") {
      this.failuresInARow = 0;
      this.recent.reset();
    }
    this.onStateChange(from, to);
  }
}
