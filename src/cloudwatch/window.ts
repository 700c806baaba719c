/**
 * What the events of one flush interval add up to, per service + operation + region, and the EMF
 * records that carry it: counts summed into one value each, durations kept as values (the EMF library
 * splits them 100 a record).
 */
import type { AttemptEvent, GiveUpEvent, OperationRef, RetryEvent, SuccessEvent } from "../types";
import { DIMENSION, ERROR_CLASS_SETS, METRIC, OPERATION_SETS, REASON_SETS } from "./names";

/** One metric of a record: a name, a unit and the values to put. */
export interface RecordMetric {
  name: string;
  unit: "Count" | "Milliseconds";
  values: number[];
}

/** One EMF record to write. */
export interface MetricRecord {
  /** Dimension sets with their values, the user's dimensions first. */
  dimensionSets: Record<string, string>[];
  metrics: RecordMetric[];
  /** The calls' region, written as a property (not a dimension). */
  region: string;
}

interface OperationTotals {
  service: string;
  operation: string;
  region: string;
  calls: number;
  attempts: number;
  retries: number;
  giveUps: number;
  throttles: number;
  circuitOpen: number;
  latencyMs: number[];
  queueWaitMs: number[];
  retriesByClass: Map<string, number>;
  giveUpsByReason: Map<string, number>;
}

/** Milliseconds with at most three decimals; undefined for what is not a finite, non-negative number. */
function ms(value: number | undefined): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) / 1000 : undefined;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** The totals of one flush interval. */
export class Window {
  private readonly totals = new Map<string, OperationTotals>();
  /** Duration values held, over all operations. */
  values = 0;

  /** @param startedAt When its first event came, ms since the epoch: the records' timestamp. */
  constructor(readonly startedAt: number) {}

  private of(ref: OperationRef): OperationTotals {
    const region = ref.region ?? "unknown";
    const key = `${ref.service}\u0000${ref.operation}\u0000${region}`;
    let t = this.totals.get(key);
    if (t === undefined) {
      t = {
        service: ref.service,
        operation: ref.operation,
        region,
        calls: 0,
        attempts: 0,
        retries: 0,
        giveUps: 0,
        throttles: 0,
        circuitOpen: 0,
        latencyMs: [],
        queueWaitMs: [],
        retriesByClass: new Map(),
        giveUpsByReason: new Map(),
      };
      this.totals.set(key, t);
    }
    return t;
  }

  private duration(into: number[], value: number | undefined): void {
    const v = ms(value);
    if (v === undefined) return;
    into.push(v);
    this.values += 1;
  }

  attempt(e: AttemptEvent): void {
    const t = this.of(e);
    t.attempts += 1;
    if (e.errorClass === "THROTTLING") t.throttles += 1;
    if (e.pacingDelayMs !== undefined && e.pacingDelayMs > 0) this.duration(t.queueWaitMs, e.pacingDelayMs);
  }

  retry(e: RetryEvent): void {
    const t = this.of(e);
    t.retries += 1;
    bump(t.retriesByClass, e.errorClass);
  }

  success(e: SuccessEvent): void {
    const t = this.of(e);
    t.calls += 1;
    this.duration(t.latencyMs, e.durationMs);
  }

  giveUp(e: GiveUpEvent): void {
    const t = this.of(e);
    t.calls += 1;
    t.giveUps += 1;
    // Refused unsent only: a call whose retry the open breaker refused was sent, and counts in GiveUps by Reason.
    if (e.reason === "circuit-open" && e.attempts === 0) t.circuitOpen += 1;
    bump(t.giveUpsByReason, e.reason);
    this.duration(t.latencyMs, e.durationMs);
  }

  /**
   * The records: per service + operation + region one with every count (zeros included, so that alarm
   * math sees 0 rather than missing data) and the durations, then one per retry class and one per
   * give-up reason seen.
   */
  records(userDimensions: Readonly<Record<string, string>>): MetricRecord[] {
    const sets = (names: readonly (readonly string[])[], values: Record<string, string>): Record<string, string>[] =>
      names.map((set) => Object.fromEntries([...Object.entries(userDimensions), ...set.map((name) => [name, values[name]] as const)]));
    const out: MetricRecord[] = [];
    for (const t of this.totals.values()) {
      const ids = { [DIMENSION.service]: t.service, [DIMENSION.operation]: t.operation };
      const count = (name: string, value: number): RecordMetric => ({ name, unit: "Count", values: [value] });
      const metrics: RecordMetric[] = [
        count(METRIC.calls, t.calls),
        count(METRIC.attempts, t.attempts),
        count(METRIC.retries, t.retries),
        count(METRIC.giveUps, t.giveUps),
        count(METRIC.throttles, t.throttles),
        count(METRIC.circuitOpen, t.circuitOpen),
      ];
      if (t.latencyMs.length > 0) metrics.push({ name: METRIC.latency, unit: "Milliseconds", values: t.latencyMs });
      if (t.queueWaitMs.length > 0) metrics.push({ name: METRIC.queueWait, unit: "Milliseconds", values: t.queueWaitMs });
      out.push({ dimensionSets: sets(OPERATION_SETS, ids), metrics, region: t.region });
      for (const [errorClass, n] of t.retriesByClass) {
        out.push({ dimensionSets: sets(ERROR_CLASS_SETS, { ...ids, [DIMENSION.errorClass]: errorClass }), metrics: [count(METRIC.retries, n)], region: t.region });
      }
      for (const [reason, n] of t.giveUpsByReason) {
        out.push({ dimensionSets: sets(REASON_SETS, { ...ids, [DIMENSION.reason]: reason }), metrics: [count(METRIC.giveUps, n)], region: t.region });
      }
    }
    return out;
  }
}
