/**
 * What the demo records while it runs, and the figures it derives from that: percentiles and one summary
 * per phase and variant (optionally per service). Everything here is pure data and pure functions.
 * @packageDocumentation
 */

import type { CircuitState, ErrorClass, GiveUpReason } from "../src";
import type { EmulatorService } from "../src/testing";
import type { PhaseName } from "./phases";
import { emptyWatchedRecords, type WatchedRecords } from "./watchedMetrics";

/** The two ways the same workload is run. */
export const VARIANT_IDS = ["sdk-standard", "smithy-resilience"] as const;
export type VariantId = (typeof VARIANT_IDS)[number];

/** How an attempt ended, from its HTTP status. */
export type Outcome = "ok" | "throttled" | "server-error" | "client-error" | "network-error";
export const OUTCOMES: readonly Outcome[] = ["ok", "throttled", "server-error", "client-error", "network-error"];

/** Which phase, variant and service a record belongs to. */
export interface RecordKey {
  variant: VariantId;
  service: EmulatorService;
  phase: PhaseName;
}

/** One request sent, as the client saw it. `atMs` is wall-clock time since the run started. */
export interface AttemptRecord extends RecordKey {
  atMs: number;
  status: number | undefined;
  outcome: Outcome;
}

/** One `client.send`, all attempts and backoff included. */
export interface CallRecord extends RecordKey {
  ok: boolean;
  attempts: number;
  latencyMs: number;
  /** Time smithy-resilience's rate limiter held the call back before its attempts, ms (0 for the SDK). */
  pacingMs: number;
}

/** A retry the strategy granted, by the class it gave the error. */
export interface RetryRecord extends RecordKey {
  errorClass: ErrorClass;
}

/** A call the strategy gave up on, by why. */
export interface GiveUpRecord extends RecordKey {
  reason: GiveUpReason;
}

/** A circuit breaker changing state (smithy-resilience only), wall-clock ms since the run started. */
export interface CircuitChangeRecord extends RecordKey {
  atMs: number;
  from: CircuitState;
  to: CircuitState;
}

/** When a variant ran a phase, wall-clock ms since the run started. */
export interface PhaseWindow {
  variant: VariantId;
  phase: PhaseName;
  startMs: number;
  endMs: number;
}

/** The emulator's own counters for one phase of one stream. */
export interface EmulatorCount extends RecordKey {
  requests: number;
  byStatus: Record<string, number>;
}

/** Everything recorded during a run. */
export interface RunRecords {
  attempts: AttemptRecord[];
  calls: CallRecord[];
  retries: RetryRecord[];
  giveUps: GiveUpRecord[];
  circuitChanges: CircuitChangeRecord[];
  phaseWindows: PhaseWindow[];
  emulator: EmulatorCount[];
  /** What smithy-resilience's own metrics sink (the demo's, in demo/watchedMetrics.ts) counted and read. */
  watched: WatchedRecords;
}

export function emptyRecords(): RunRecords {
  return { attempts: [], calls: [], retries: [], giveUps: [], circuitChanges: [], phaseWindows: [], emulator: [], watched: emptyWatchedRecords() };
}

/** The outcome of an attempt with this HTTP status (undefined: no response at all). */
export function outcomeOf(status: number | undefined): Outcome {
  if (status === undefined) return "network-error";
  if (status < 400) return "ok";
  if (status === 429) return "throttled";
  return status >= 500 ? "server-error" : "client-error";
}

/**
 * The p-th percentile (0 < p <= 100) by the nearest-rank method: the smallest value with at least p% of
 * the values at or below it. Undefined for no values.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100] (got ${p})`);
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1];
}

/** What the "phase" of a summary that adds up every phase is called. */
export const ALL_PHASES = "all" as const;

/** The figures of one phase (or all) and variant (and service, when broken down). */
export interface Summary {
  phase: PhaseName | typeof ALL_PHASES;
  variant: VariantId;
  /** Set on per-service rows; absent on rows that add up all services. */
  service?: EmulatorService;
  calls: number;
  successes: number;
  /** Successes / calls, 0..1 (0 when there were no calls). */
  successRate: number;
  /** Requests sent (attempts), as counted by the client-side probe. */
  requests: number;
  requestsPerCall: number;
  /** Calls that failed without sending a request: smithy-resilience's open breaker refused them (0 for the SDK). */
  refused: number;
  /** Call latency, ms, wall clock: all attempts and backoff. */
  latencyMs: { p50?: number; p99?: number; max?: number };
  /**
   * Calls smithy-resilience's rate limiter held back, how long in all (ms), and the call latency with that
   * wait taken out (no calls held back for the SDK: its figures equal `latencyMs`).
   */
  pacing: { calls: number; totalMs: number; unpacedLatencyMs: { p50?: number; p99?: number } };
  retriesByClass: Partial<Record<ErrorClass, number>>;
  giveUpsByReason: Partial<Record<GiveUpReason, number>>;
  /** Attempts per HTTP status ("none" for a network error). */
  attemptsByStatus: Record<string, number>;
}

function countBy<T, K extends string>(items: readonly T[], key: (item: T) => K): Partial<Record<K, number>> {
  const counts: Partial<Record<K, number>> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** Summarizes the records matching `phase` (or all phases), `variant` and, when given, `service`. */
export function summarize(
  records: RunRecords,
  phase: PhaseName | typeof ALL_PHASES,
  variant: VariantId,
  service?: EmulatorService,
): Summary {
  const matches = (r: RecordKey) =>
    (phase === ALL_PHASES || r.phase === phase) && r.variant === variant && (service === undefined || r.service === service);
  const calls = records.calls.filter(matches);
  const attempts = records.attempts.filter(matches);
  const latencies = calls.map((c) => c.latencyMs);
  const unpaced = calls.map((c) => c.latencyMs - c.pacingMs);
  const successes = calls.filter((c) => c.ok).length;
  return {
    phase,
    variant,
    ...(service === undefined ? {} : { service }),
    calls: calls.length,
    successes,
    successRate: calls.length === 0 ? 0 : successes / calls.length,
    requests: attempts.length,
    requestsPerCall: calls.length === 0 ? 0 : attempts.length / calls.length,
    refused: calls.filter((c) => !c.ok && c.attempts === 0).length,
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: percentile(latencies, 100) },
    pacing: {
      calls: calls.filter((c) => c.pacingMs > 0).length,
      totalMs: calls.reduce((sum, c) => sum + c.pacingMs, 0),
      unpacedLatencyMs: { p50: percentile(unpaced, 50), p99: percentile(unpaced, 99) },
    },
    retriesByClass: countBy(records.retries.filter(matches), (r) => r.errorClass),
    giveUpsByReason: countBy(records.giveUps.filter(matches), (g) => g.reason),
    attemptsByStatus: countBy(attempts, (a) => (a.status === undefined ? "none" : String(a.status))) as Record<string, number>,
  };
}

/**
 * One summary per phase and variant, phases in run order then "all", variants in `VARIANT_IDS` order;
 * per service too when `services` is given.
 */
export function summarizeAll(records: RunRecords, phases: readonly PhaseName[], services?: readonly EmulatorService[]): Summary[] {
  return [...phases, ALL_PHASES].flatMap((phase) =>
    VARIANT_IDS.flatMap((variant) =>
      services ? services.map((service) => summarize(records, phase, variant, service)) : [summarize(records, phase, variant)],
    ),
  );
}
