/**
 * The few sentences a newcomer reads under the table (and at the top of the report): for each phase where
 * the two variants differ, what smithy-resilience did instead of the SDK, in numbers from the same
 * summaries the table shows, latency costs included.
 * @packageDocumentation
 */

import { clearlySlower, pairByPhase, retries } from "./compare";
import type { Summary } from "./metrics";
import { ALL_PHASES } from "./metrics";
import { capitalize, formatLatency } from "./prose";
import { formatPercent } from "./table";

/** One line per phase that shows a difference, from the summaries of both variants. */
export function headlines(summaries: readonly Summary[]): string[] {
  const lines: string[] = [];
  for (const [phase, { sdk, lib }] of pairByPhase(summaries)) {
    const label = phase === ALL_PHASES ? "Overall" : capitalize(phase);
    const parts: string[] = [];
    if (sdk.requestsPerCall !== lib.requestsPerCall) {
      parts.push(`${lib.requestsPerCall.toFixed(2)} requests per call (SDK ${sdk.requestsPerCall.toFixed(2)})`);
    }
    if (retries(sdk) !== retries(lib)) parts.push(`${retries(lib)} retries (SDK ${retries(sdk)})`);
    if (sdk.successRate !== lib.successRate) parts.push(`${formatPercent(lib.successRate)} success (SDK ${formatPercent(sdk.successRate)})`);
    const failingFast = lib.successRate === 0 && sdk.successRate === 0 && lib.requestsPerCall < sdk.requestsPerCall;
    if (failingFast) {
      parts.push(`failing in ${formatLatency(lib.latencyMs.p50)} at p50 (SDK ${formatLatency(sdk.latencyMs.p50)})`);
    }
    // Latency either way, so that a cost shows as plainly as a gain.
    for (const p of ["p50", "p99"] as const) {
      if (p === "p50" && failingFast) continue;
      const [ours, theirs] = [lib.latencyMs[p], sdk.latencyMs[p]];
      if (clearlySlower(ours, theirs) || clearlySlower(theirs, ours)) parts.push(`${formatLatency(ours)} at ${p} (SDK ${formatLatency(theirs)})`);
    }
    if (parts.length > 0) lines.push(`${label}: smithy-resilience ${parts.join(", ")}.`);
  }
  return lines;
}
