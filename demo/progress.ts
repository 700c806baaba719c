/**
 * Live progress, one bar per variant, through cli-progress: redrawn in place on a terminal, a plain line
 * per variant every few seconds otherwise (CI logs).
 * @packageDocumentation
 */

import { MultiBar, type SingleBar } from "cli-progress";
import type { VariantId } from "./metrics";
import type { ProgressUpdate } from "./run";

/** How often progress lines are written when the output is not a terminal, ms. */
export const PLAIN_PROGRESS_INTERVAL_MS = 5000;

/** Shows progress while the demo runs. */
export interface Progress {
  update(update: ProgressUpdate): void;
  stop(): void;
}

/**
 * The cli-progress line format. On a terminal cli-progress cuts lines at its width, so the bar line fits
 * 80 columns; a log gets words only, and more of them.
 */
export function progressFormat(isTTY: boolean): string {
  return isTTY
    ? "{label} {bar} {value}/{total} | {phase} | {requests} req, {failed} failed"
    : "{label} {percentage}% | {value}/{total} calls | phase {phase} | {failed} failed | {requests} requests";
}

/** Progress bars for `variants` on `stream` (a terminal or not; cli-progress checks `isTTY`). */
export function createProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  variants: readonly VariantId[],
  labels: Readonly<Record<VariantId, string>>,
  callsTotal: number,
): Progress {
  const width = Math.max(...variants.map((variant) => labels[variant].length));
  const multibar = new MultiBar({
    stream: stream as NodeJS.WritableStream,
    format: progressFormat(stream.isTTY === true),
    noTTYOutput: true,
    notTTYSchedule: PLAIN_PROGRESS_INTERVAL_MS,
    barsize: 12,
    autopadding: true,
  });
  const bars = new Map<VariantId, SingleBar>(
    variants.map((variant) => [
      variant,
      multibar.create(callsTotal, 0, { label: labels[variant].padEnd(width), phase: "-", failed: 0, requests: 0 }),
    ]),
  );
  return {
    update: ({ variant, phase, callsDone, failed, requests }) =>
      bars.get(variant)?.update(callsDone, { phase, failed, requests }),
    stop: () => multibar.stop(),
  };
}
