/**
 * The two variants' figures side by side: pairs of summaries by phase, and the few derived numbers the
 * headlines and the report's reading compare (retries, throttled requests, give-ups, latency gaps).
 * @packageDocumentation
 */

import type { GiveUpReason } from "../src";
import type { Summary } from "./metrics";

/** The SDK's and smithy-resilience's summaries of the same phase (or of all phases). */
export interface Pair<S extends Summary = Summary> {
  sdk: S;
  lib: S;
}

/** The rows that add up all services, paired by phase in the order they come; phases missing a variant are left out. */
export function pairByPhase<S extends Summary>(summaries: readonly S[]): Map<S["phase"], Pair<S>> {
  const partial = new Map<S["phase"], Partial<Pair<S>>>();
  for (const summary of summaries) {
    if (summary.service !== undefined) continue;
    const pair = partial.get(summary.phase) ?? {};
    if (summary.variant === "sdk-standard") pair.sdk = summary;
    else pair.lib = summary;
    partial.set(summary.phase, pair);
  }
  const pairs = new Map<S["phase"], Pair<S>>();
  for (const [phase, { sdk, lib }] of partial) if (sdk && lib) pairs.set(phase, { sdk, lib });
  return pairs;
}

/** Retries granted, all classes. */
export function retries(summary: Summary): number {
  return Object.values(summary.retriesByClass).reduce((sum: number, n) => sum + (n ?? 0), 0);
}

/** Requests the service answered with 429. */
export function throttledRequests(summary: Summary): number {
  return summary.attemptsByStatus["429"] ?? 0;
}

/** Calls given up for `reason`. */
export function giveUps(summary: Summary, reason: GiveUpReason): number {
  return summary.giveUpsByReason[reason] ?? 0;
}

/**
 * Whether latency `ms` is clearly above `baseline`: at least 20% and 5 ms more. Smaller gaps are within
 * what two variants sharing one machine measure differently from run to run.
 */
export function clearlySlower(ms: number | undefined, baseline: number | undefined): boolean {
  if (ms === undefined || baseline === undefined) return false;
  return ms >= baseline * 1.2 && ms - baseline >= 5;
}
