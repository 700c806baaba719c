/** Issue 14's targets for the fleet, checked against the bench's figures. */
import type { FleetFigures } from "./metrics";
import type { StoreCpuOverhead } from "./overhead";
import type { FleetVariant } from "./protocol";

/** At the target fleet size, with the store: goodput at least this share of the quota, %. */
export const MIN_GOODPUT_PCT = 95;
/** ... with at most this share of requests throttled, %. */
export const MAX_THROTTLED_PCT = 3;
/** A process joining the warm fleet: at most this share of its first second's requests throttled, % (the fleet's own bound). */
export const MAX_JOIN_THROTTLED_PCT = MAX_THROTTLED_PCT;
/** The store's CPU per call in memory, while the fleet does not pace, at most this ratio to the same stack without it. */
export const MAX_CPU_RATIO = 1.1;

export type FleetTargetKind = "fleet" | "join" | "cpu";

/** One target, met or not, and what was measured. */
export interface FleetCheck {
  kind: FleetTargetKind;
  pass: boolean;
  detail: string;
}

type Cell = FleetFigures & { processes: number; variant: FleetVariant };

/** Checks the targets; a target whose figures are missing (no Redis) is not listed. */
export function checkFleet(cells: readonly Cell[], cpu: StoreCpuOverhead | null, processes: number): FleetCheck[] {
  const checks: FleetCheck[] = [];
  const store = cells.find((cell) => cell.processes === processes && cell.variant === "store");
  if (store) {
    checks.push({
      kind: "fleet",
      pass: store.goodputPct >= MIN_GOODPUT_PCT && store.throttledPct <= MAX_THROTTLED_PCT,
      detail:
        `${processes} processes with the store: goodput ${store.goodputPct.toFixed(1)}% of the quota (≥ ${MIN_GOODPUT_PCT}%), ` +
        `${store.throttledPct.toFixed(2)}% of requests throttled (≤ ${MAX_THROTTLED_PCT}%)`,
    });
    const join = store.join;
    if (join) {
      checks.push({
        kind: "join",
        pass: join.throttledPct !== null && join.throttledPct <= MAX_JOIN_THROTTLED_PCT,
        detail: `a process joining the warm fleet of ${processes}: ${join.throttled} of ${join.requests} requests throttled in its first second (≤ ${MAX_JOIN_THROTTLED_PCT}%)`,
      });
    }
  }
  if (cpu && cpu.ratio !== null) {
    checks.push({
      kind: "cpu",
      pass: cpu.ratio <= MAX_CPU_RATIO,
      detail: `CPU per call in memory with the store, fleet not pacing: ${cpu.ratio.toFixed(3)}× without it (95% interval ${cpu.ratioLow?.toFixed(3)}-${cpu.ratioHigh?.toFixed(3)}; ≤ ${MAX_CPU_RATIO.toFixed(2)}×)`,
    });
  }
  return checks;
}
