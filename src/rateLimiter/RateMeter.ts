/**
 * Counts events in a sliding window of fixed slots and reports their rate. Allocation-free after
 * construction: recording an event is an index computation and an increment.
 */
export class RateMeter {
  private readonly counts: Float64Array;
  /** Index (time / slotMs, floored) of the newest slot. */
  private newestSlot = -Infinity;
  private startedAt: number | undefined;

  /**
   * @param slotMs - Width of one slot, ms.
   * @param slots - Number of slots; the window is `slotMs * slots`.
   * @param minSpanMs - The rate is never computed over less than this, so that a burst right after
   *   start-up does not read as an enormous rate.
   */
  constructor(
    private readonly slotMs: number,
    slots: number,
    private readonly minSpanMs: number,
  ) {
    this.counts = new Float64Array(slots);
  }

  /** Records one event at time `now` (ms). */
  record(now: number): void {
    this.startedAt ??= now;
    this.advance(now);
    this.counts[this.indexOf(this.newestSlot)]++;
  }

  /** Events per second over the window ending at `now` (ms); 0 before the first event. */
  rate(now: number): number {
    if (this.startedAt === undefined) return 0;
    this.advance(now);
    let total = 0;
    for (let i = 0; i < this.counts.length; i++) total += this.counts[i];
    const windowStart = (this.newestSlot - this.counts.length + 1) * this.slotMs;
    const spanMs = Math.max(this.minSpanMs, now - Math.max(windowStart, this.startedAt));
    return (total * 1000) / spanMs;
  }

  /** Moves the window so that its newest slot contains `now`, clearing the slots it leaves behind. */
  private advance(now: number): void {
    const slot = Math.floor(now / this.slotMs);
    if (slot <= this.newestSlot) return;
    const stale = Math.min(this.counts.length, slot - this.newestSlot);
    for (let i = 1; i <= stale; i++) this.counts[this.indexOf(slot - stale + i)] = 0;
    this.newestSlot = slot;
  }

  private indexOf(slot: number): number {
    const n = this.counts.length;
    return ((slot % n) + n) % n;
  }
}
