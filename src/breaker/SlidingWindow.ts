/**
 * Counts outcomes over the last `windowMs`, in a fixed ring of buckets so that memory and work per
 * record stay constant however many calls pass. Precision is one bucket (a tenth of the window).
 */
export class SlidingWindow {
  private readonly bucketMs: number;
  private readonly failures: number[];
  private readonly totals: number[];
  private readonly starts: number[];

  constructor(
    windowMs: number,
    private readonly bucketCount = 10,
  ) {
    this.bucketMs = windowMs / bucketCount;
    this.failures = new Array<number>(bucketCount).fill(0);
    this.totals = new Array<number>(bucketCount).fill(0);
    this.starts = new Array<number>(bucketCount).fill(-Infinity);
  }

  /** Records one outcome at time `now`. */
  record(now: number, failed: boolean): void {
    const index = this.bucketAt(now);
    this.totals[index]++;
    if (failed) this.failures[index]++;
  }

  /** Outcomes and failures within the window ending at `now`. */
  counts(now: number): { total: number; failures: number } {
    let total = 0;
    let failures = 0;
    const oldest = now - this.bucketMs * this.bucketCount;
    for (let i = 0; i < this.bucketCount; i++) {
      if (this.starts[i] > oldest) {
        total += this.totals[i];
        failures += this.failures[i];
      }
    }
    return { total, failures };
  }

  /** Forgets everything. */
  reset(): void {
    this.starts.fill(-Infinity);
  }

  private bucketAt(now: number): number {
    const slot = Math.floor(now / this.bucketMs);
    const index = ((slot % this.bucketCount) + this.bucketCount) % this.bucketCount;
    const start = slot * this.bucketMs;
    if (this.starts[index] !== start) {
      this.starts[index] = start;
      this.totals[index] = 0;
      this.failures[index] = 0;
    }
    return index;
  }
}
