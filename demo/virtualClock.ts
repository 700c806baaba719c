/**
 * A per-stream clock for everything that decides by time: the emulator's capacity bucket and the
 * library's circuit breaker. It moves by the workload's schedule, a nominal cost per request and the
 * backoff each strategy chose, never by how busy the machine is, so the same seed gives the same run.
 */
export class VirtualClock {
  private elapsedMs = 0;

  /** Current time, ms; pass as the emulator's `now` and the library's `clock.now`. */
  readonly now = (): number => this.elapsedMs;

  /**
   * Waits `ms` on both clocks, like a backoff: the library's `clock.sleep` ends here (through its stream),
   * so its backoffs and its rate limiter's pacing move the virtual time it reads.
   */
  readonly sleep = async (ms: number): Promise<void> => {
    this.advance(ms);
    await new Promise((resolve) => setTimeout(resolve, ms));
  };

  /** Moves the clock forward by `ms` (negative or non-finite amounts are ignored). */
  advance(ms: number): void {
    if (Number.isFinite(ms) && ms > 0) this.elapsedMs += ms;
  }

  /** Moves the clock to `ms` if that is later; a clock never goes back. */
  advanceTo(ms: number): void {
    this.advance(ms - this.elapsedMs);
  }
}
