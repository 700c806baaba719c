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

  /** Events in the window ending at `now` (ms). */
  count(now: number): number {
    return this.countSince(now, -Infinity);
  }

  /**
   * Events per second over about the last `spanMs` (from the start of the slot that holds `now - spanMs`, so up
   * to one slot more), never over less than the minimum span: a recent rate that a burst moves at once.
   */
  recentRate(now: number, spanMs: number): number {
    if (this.startedAt === undefined) return 0;
    const since = this.recentStart(now, spanMs);
    return (this.countSince(now, since) * 1000) / Math.max(this.minSpanMs, now - since);
  }

  /** Events over about the last `spanMs`, as {@link recentRate} counts them. */
  recentCount(now: number, spanMs: number): number {
    return this.startedAt === undefined ? 0 : this.countSince(now, this.recentStart(now, spanMs));
  }

  private recentStart(now: number, spanMs: number): number {
    return Math.max(this.startedAt ?? now, Math.floor((now - spanMs) / this.slotMs) * this.slotMs);
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

  /** Events in the slots of the window that start at or after `since`. */
  private countSince(now: number, since: number): number {
    if (this.startedAt === undefined) return 0;
    this.advance(now);
    let total = 0;
    const n = this.counts.length;
    for (let slot = this.newestSlot; slot > this.newestSlot - n && slot * this.slotMs + this.slotMs > since; slot--) total += this.counts[this.indexOf(slot)];
    return total;
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
