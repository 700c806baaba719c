/**
 * The machine-readable results (`--json`) and the figures the terminal and the report show.
 * @packageDocumentation
 */

import type { EmulatorService } from "../src/testing";
import {
  ALL_PHASES,
  summarizeAll,
  VARIANT_IDS,
  type CircuitChangeRecord,
  type EmulatorCount,
  type PhaseWindow,
  type Summary,
  type VariantId,
} from "./metrics";
import { CALL_INTERVAL_MS, NOMINAL_ATTEMPT_MS, PHASES, TIME_LAPSE_MS_PER_CALL, type PhaseName } from "./phases";
import type { RunOptions, RunOutput } from "./run";
import { count, formatDuration } from "./prose";
import { VARIANTS } from "./variants";
import { dashboardResults, type DashboardResults } from "./watchedMetrics";
import { SERVICES } from "./workload";

/** A summary row with the emulator's own count of the same requests beside the client's. */
export interface ResultRow extends Summary {
  emulatorRequests: number;
}

/** Everything `--json` writes. Bump `schemaVersion` on any incompatible change. */
export interface DemoResults {
  schemaVersion: 1;
  generatedAt: string;
  wallTimeMs: number;
  options: RunOptions & { callIntervalMs: number; timeLapseMsPerCall: number; nominalAttemptMs: number };
  variants: Array<{ id: VariantId; label: string; description: string }>;
  phases: Array<{ name: PhaseName; description: string }>;
  services: Array<{ name: EmulatorService; operation: string }>;
  /** Per phase (then "all") and variant. */
  summary: ResultRow[];
  /** Per phase (then "all"), variant and service. */
  byService: ResultRow[];
  /** What each emulator counted, per phase. */
  emulator: EmulatorCount[];
  phaseWindows: PhaseWindow[];
  circuitChanges: CircuitChangeRecord[];
  /** What a user would have watched on a dashboard per phase: smithy-resilience's metrics sink (the SDK has none). */
  dashboard: DashboardResults;
  notes: { exact: string; measured: string; workload: string };
}

export const VARIANT_LABELS: Readonly<Record<VariantId, string>> = Object.fromEntries(
  VARIANT_IDS.map((id) => [id, VARIANTS[id].label]),
) as Record<VariantId, string>;

const EXACT_NOTE =
  "Calls, successes, requests (client- and emulator-counted), retries by class, give-ups by reason and the " +
  "emulator's status counts are identical for every run with the same seed, calls and phases. Each service's " +
  "calls run one after another against their own emulator, which draws faults from the seed in arrival order; " +
  "the throttling bucket and smithy-resilience's circuit breaker run on a virtual clock (the call schedule, a " +
  `nominal ${NOMINAL_ATTEMPT_MS} ms per request and the backoff each strategy chose); both strategies draw ` +
  "jitter from a seeded generator.";

const MEASURED_NOTE =
  "Latencies (p50, p99, the distribution), phase windows and the timeline are wall-clock measurements: they vary " +
  "a little from run to run and with the machine's load.";

/** The notes of a run of `calls` calls per phase per service: the time-lapse's length depends on it. */
export function buildNotes(calls: number): DemoResults["notes"] {
  const timeLapse = formatDuration(calls * TIME_LAPSE_MS_PER_CALL);
  return {
    exact: EXACT_NOTE,
    measured: MEASURED_NOTE,
    workload:
      `Per variant and service one worker sends a message to its own emulator every ${CALL_INTERVAL_MS} ms of wall ` +
      "time (at once when it is late). The outage and recovery phases are a time-lapse: each call interval stands " +
      `for ${formatDuration(TIME_LAPSE_MS_PER_CALL)} of service time on the virtual clock, so this run's ` +
      `${count(calls, "call")} per phase ${calls === 1 ? "is" : "are"} ${timeLapse} of outage and ${timeLapse} of ` +
      "recovery. Both variants run at the same time; the three services of a variant wait for each other at each " +
      "phase boundary.",
  };
}

function withEmulatorCounts(rows: readonly Summary[], emulator: readonly EmulatorCount[]): ResultRow[] {
  return rows.map((row) => ({
    ...row,
    emulatorRequests: emulator
      .filter(
        (e) =>
          e.variant === row.variant &&
          (row.phase === ALL_PHASES || e.phase === row.phase) &&
          (row.service === undefined || e.service === row.service),
      )
      .reduce((sum, e) => sum + e.requests, 0),
  }));
}

/** Builds the results of a run. */
export function buildResults(output: RunOutput, options: RunOptions): DemoResults {
  const { records } = output;
  const serviceNames = SERVICES.map((s) => s.name);
  return {
    schemaVersion: 1,
    generatedAt: output.startedAt.toISOString(),
    wallTimeMs: Math.round(output.wallTimeMs),
    options: { ...options, phases: [...options.phases], callIntervalMs: CALL_INTERVAL_MS, timeLapseMsPerCall: TIME_LAPSE_MS_PER_CALL, nominalAttemptMs: NOMINAL_ATTEMPT_MS },
    variants: VARIANT_IDS.map((id) => ({ id, label: VARIANTS[id].label, description: VARIANTS[id].description })),
    phases: options.phases.map((name) => ({ name, description: PHASES[name].description })),
    services: SERVICES.map((s) => ({ name: s.name, operation: s.operation })),
    summary: withEmulatorCounts(summarizeAll(records, options.phases), records.emulator),
    byService: withEmulatorCounts(summarizeAll(records, options.phases, serviceNames), records.emulator),
    emulator: records.emulator,
    phaseWindows: records.phaseWindows,
    circuitChanges: records.circuitChanges,
    dashboard: dashboardResults(records.watched, options.phases, serviceNames),
    notes: buildNotes(options.calls),
  };
}
