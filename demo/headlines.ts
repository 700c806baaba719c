/**
 * The few sentences a newcomer reads under the table: for each phase where the two variants differ, what
 * smithy-resilience did instead of the SDK, in numbers from the same summaries the table shows.
 * @packageDocumentation
 */

import type { Summary } from "./metrics";
import { ALL_PHASES } from "./metrics";

type Pair = { sdk: Summary; lib: Summary };

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;
const ms = (value: number | undefined) => (value === undefined ? "n/a" : value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`);
const retries = (s: Summary) => Object.values(s.retriesByClass).reduce((sum, n) => sum + (n ?? 0), 0);

/** One line per phase that shows a difference, from the summaries of both variants. */
export function headlines(summaries: readonly Summary[]): string[] {
  const byPhase = new Map<string, Partial<Pair>>();
  for (const summary of summaries) {
    if (summary.service !== undefined) continue;
    const pair = byPhase.get(summary.phase) ?? {};
    if (summary.variant === "sdk-standard") pair.sdk = summary;
    else pair.lib = summary;
    byPhase.set(summary.phase, pair);
  }
  const lines: string[] = [];
  for (const [phase, { sdk, lib }] of byPhase) {
    if (!sdk || !lib) continue;
    const label = phase === ALL_PHASES ? "Overall" : phase[0].toUpperCase() + phase.slice(1);
    const parts: string[] = [];
    if (sdk.requestsPerCall !== lib.requestsPerCall) {
      parts.push(`${lib.requestsPerCall.toFixed(2)} requests per call (SDK ${sdk.requestsPerCall.toFixed(2)})`);
    }
    if (retries(sdk) !== retries(lib)) parts.push(`${retries(lib)} retries (SDK ${retries(sdk)})`);
    if (sdk.successRate !== lib.successRate) parts.push(`${percent(lib.successRate)} success (SDK ${percent(sdk.successRate)})`);
    if (lib.successRate === 0 && sdk.successRate === 0 && lib.requestsPerCall < sdk.requestsPerCall) {
      parts.push(`failing in ${ms(lib.latencyMs.p50)} at p50 (SDK ${ms(sdk.latencyMs.p50)})`);
    }
    if (parts.length > 0) lines.push(`${label}: smithy-resilience ${parts.join(", ")}.`);
  }
  return lines;
}
