/** Builds a `DemoResults` from a few figures per phase, for tests of the text written from a run. */

import { ALL_PHASES, type CircuitChangeRecord, type Summary, type VariantId } from "../../demo/metrics";
import { CALL_INTERVAL_MS, NOMINAL_ATTEMPT_MS, PHASES, TIME_LAPSE_MS_PER_CALL, type PhaseName } from "../../demo/phases";
import { buildNotes, type DemoResults, type ResultRow } from "../../demo/results";
import { SAMPLING_NOTE, SDK_NO_METRICS, type PhaseDashboard } from "../../demo/watchedMetrics";
import { SERVICES } from "../../demo/workload";

/** What a test sets on a row; calls default to the run's, successes and requests to one per call. */
export type Figures = Partial<Pick<Summary, "successes" | "requests" | "refused" | "latencyMs" | "pacing" | "retriesByClass" | "giveUpsByReason" | "attemptsByStatus">>;

/** A summary row: rates derived from the counts, no pacing unless given; give-ups for the open breaker are refusals unless `refused` says otherwise. */
export function row(phase: ResultRow["phase"], variant: VariantId, calls: number, figures: Figures = {}, service?: ResultRow["service"]): ResultRow {
  const successes = figures.successes ?? calls;
  const requests = figures.requests ?? calls;
  const latencyMs = figures.latencyMs ?? { p50: 14, p99: 30 };
  return {
    phase,
    variant,
    ...(service ? { service } : {}),
    calls,
    successes,
    successRate: successes / calls,
    requests,
    requestsPerCall: requests / calls,
    refused: figures.refused ?? figures.giveUpsByReason?.["circuit-open"] ?? 0,
    latencyMs,
    pacing: figures.pacing ?? { calls: 0, totalMs: 0, unpacedLatencyMs: { p50: latencyMs.p50, p99: latencyMs.p99 } },
    retriesByClass: figures.retriesByClass ?? {},
    giveUpsByReason: figures.giveUpsByReason ?? {},
    attemptsByStatus: figures.attemptsByStatus ?? { "200": successes },
    emulatorRequests: requests,
  };
}

function addCounts<K extends string>(rows: ReadonlyArray<Partial<Record<K, number>>>): Partial<Record<K, number>> {
  const sum: Partial<Record<K, number>> = {};
  for (const counts of rows) for (const [key, n] of Object.entries(counts) as Array<[K, number]>) sum[key] = (sum[key] ?? 0) + n;
  return sum;
}

/** The "all" row of a variant: counts added up, latency as given. */
function allRow(rows: readonly ResultRow[], variant: VariantId, latencyMs: Summary["latencyMs"], unpacedLatencyMs: Summary["latencyMs"]): ResultRow {
  const mine = rows.filter((r) => r.variant === variant);
  const add = (value: (r: ResultRow) => number) => mine.reduce((sum, r) => sum + value(r), 0);
  return row(ALL_PHASES, variant, add((r) => r.calls), {
    successes: add((r) => r.successes),
    requests: add((r) => r.requests),
    refused: add((r) => r.refused),
    latencyMs,
    pacing: { calls: add((r) => r.pacing.calls), totalMs: add((r) => r.pacing.totalMs), unpacedLatencyMs },
    retriesByClass: addCounts(mine.map((r) => r.retriesByClass)),
    giveUpsByReason: addCounts(mine.map((r) => r.giveUpsByReason)),
    attemptsByStatus: addCounts(mine.map((r) => r.attemptsByStatus)) as Record<string, number>,
  });
}

/** A run's results from each phase's figures, in run order. */
export function demoResults(spec: {
  /** Calls per phase per service (`--calls`). */
  calls: number;
  phases: Partial<Record<PhaseName, { sdk?: Figures; lib?: Figures }>>;
  /** Latency of the "all" rows. */
  all?: { sdk?: Summary["latencyMs"]; lib?: Summary["latencyMs"]; libUnpaced?: Summary["latencyMs"] };
  circuitChanges?: CircuitChangeRecord[];
  /** smithy-resilience's per-service figures, by phase. */
  libByService?: Partial<Record<PhaseName, Figures[]>>;
  /** smithy-resilience's dashboards, by phase; none by default. */
  dashboards?: PhaseDashboard[];
}): DemoResults {
  const phaseNames = Object.keys(spec.phases) as PhaseName[];
  const perPhase = spec.calls * SERVICES.length;
  const phaseRows = phaseNames.flatMap((phase) => [
    row(phase, "sdk-standard", perPhase, spec.phases[phase]?.sdk),
    row(phase, "smithy-resilience", perPhase, spec.phases[phase]?.lib),
  ]);
  const defaultLatency = { p50: 14, p99: 30 };
  const byService = phaseNames.flatMap((phase) =>
    (spec.libByService?.[phase] ?? []).map((figures, i) => row(phase, "smithy-resilience", spec.calls, figures, SERVICES[i].name)),
  );
  return {
    schemaVersion: 1,
    generatedAt: "2026-01-01T00:00:00.000Z",
    wallTimeMs: 50_000,
    options: {
      calls: spec.calls,
      seed: 1,
      phases: phaseNames,
      callIntervalMs: CALL_INTERVAL_MS,
      timeLapseMsPerCall: TIME_LAPSE_MS_PER_CALL,
      nominalAttemptMs: NOMINAL_ATTEMPT_MS,
    },
    variants: [
      { id: "sdk-standard", label: "SDK standard retry", description: "the SDK's own" },
      { id: "smithy-resilience", label: "smithy-resilience", description: "createResilience()" },
    ],
    phases: phaseNames.map((name) => ({ name, description: PHASES[name].description })),
    services: SERVICES.map((s) => ({ name: s.name, operation: s.operation })),
    summary: [
      ...phaseRows,
      allRow(phaseRows, "sdk-standard", spec.all?.sdk ?? defaultLatency, spec.all?.sdk ?? defaultLatency),
      allRow(phaseRows, "smithy-resilience", spec.all?.lib ?? defaultLatency, spec.all?.libUnpaced ?? spec.all?.lib ?? defaultLatency),
    ],
    byService,
    emulator: [],
    phaseWindows: [],
    circuitChanges: spec.circuitChanges ?? [],
    dashboard: { variant: "smithy-resilience", sdkNote: SDK_NO_METRICS, samplingNote: SAMPLING_NOTE, phases: spec.dashboards ?? [] },
    notes: buildNotes(spec.calls),
  };
}

/** smithy-resilience's breaker of `service` going through `states` in `phase`. */
export function breakerChanges(service: CircuitChangeRecord["service"], phase: PhaseName, ...states: CircuitChangeRecord["to"][]): CircuitChangeRecord[] {
  return states.slice(1).map((to, i) => ({ variant: "smithy-resilience", service, phase, atMs: i, from: states[i], to }));
}
