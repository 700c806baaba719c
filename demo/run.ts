/**
 * Orchestration: starts one emulator per variant and service, runs the phases, and returns the records.
 * @packageDocumentation
 */

import { createSeededRandom, startEmulator, type Emulator, type EmulatorOptions } from "../src/testing";
import { emptyRecords, VARIANT_IDS, type RunRecords, type VariantId } from "./metrics";
import type { PhaseName } from "./phases";
import { attemptProbe } from "./probe";
import { VirtualClock } from "./virtualClock";
import { VARIANTS } from "./variants";
import { SERVICES, Stream, type CallReport, type ClientSettings } from "./workload";

/** What a run does. */
export interface RunOptions {
  /** Calls per phase per service. */
  calls: number;
  seed: number;
  phases: readonly PhaseName[];
}

/** Where a variant stands, after each call. */
export interface ProgressUpdate {
  variant: VariantId;
  phase: PhaseName;
  callsDone: number;
  callsTotal: number;
  failed: number;
  requests: number;
}

/** Seams for tests and the CLI. */
export interface RunHooks {
  /** Default: the real `startEmulator`; tests wrap it to read the emulators' own counters. */
  startEmulator?: (options: EmulatorOptions) => Promise<Emulator>;
  onProgress?: (update: ProgressUpdate) => void;
}

/** The outcome of a run. */
export interface RunOutput {
  records: RunRecords;
  startedAt: Date;
  wallTimeMs: number;
}

/** Each service's emulator and jitter get their own seed, derived from the run's; both variants share them. */
function streamSeed(seed: number, serviceIndex: number): number {
  return (seed + Math.imul(serviceIndex + 1, 0x9e3779b9)) >>> 0;
}

/**
 * Runs the workload twice, side by side: both variants at once, each with its own emulators and clients,
 * so neither can touch the other's counters, budgets or faults. Within a variant the three services run
 * in parallel and wait for each other at each phase boundary, so the report can mark one set of phases
 * per variant.
 */
export async function runDemo(options: RunOptions, hooks: RunHooks = {}): Promise<RunOutput> {
  const start = hooks.startEmulator ?? startEmulator;
  const records = emptyRecords();
  const startedAt = new Date();
  const origin = performance.now();
  const elapsed = () => performance.now() - origin;
  const streams: Stream[] = [];
  try {
    for (const variant of VARIANT_IDS) {
      for (const [index, service] of SERVICES.entries()) {
        const seed = streamSeed(options.seed, index);
        const clock = new VirtualClock();
        const emulator = await start({ seed, now: clock.now });
        const stream = new Stream(variant, service, emulator, clock, records, elapsed);
        streams.push(stream);
        const settings: ClientSettings = {
          endpoint: emulator.endpoint,
          region: "us-east-1",
          credentials: { accessKeyId: "demo", secretAccessKey: "demo" },
          retryMode: "standard",
          maxAttempts: 3,
        };
        // A separate stream of jitter randomness, so jitter draws never shift the emulator's fault draws.
        const client = VARIANTS[variant].createClient(service, settings, stream, createSeededRandom(seed ^ 0x7f4a7c15));
        client.use(attemptProbe(stream));
        stream.attach(client);
      }
    }
    await Promise.all(
      VARIANT_IDS.map((variant) => runVariant(variant, streams.filter((s) => s.variant === variant), options, records, elapsed, hooks)),
    );
  } finally {
    for (const stream of streams) stream.close();
    await Promise.all(streams.map((stream) => stream.emulator.close()));
  }
  return { records, startedAt, wallTimeMs: elapsed() };
}

async function runVariant(
  variant: VariantId,
  streams: readonly Stream[],
  options: RunOptions,
  records: RunRecords,
  elapsed: () => number,
  hooks: RunHooks,
): Promise<void> {
  const progress = { callsDone: 0, failed: 0, requests: 0 };
  const callsTotal = options.phases.length * streams.length * options.calls;
  for (const phase of options.phases) {
    const startMs = elapsed();
    const onCall = (report: CallReport) => {
      progress.callsDone++;
      progress.requests += report.attempts;
      if (!report.ok) progress.failed++;
      hooks.onProgress?.({ variant, phase, callsTotal, ...progress });
    };
    await Promise.all(streams.map((stream) => stream.runPhase(phase, options.calls, onCall)));
    records.phaseWindows.push({ variant, phase, startMs, endMs: elapsed() });
    // The streams waited for the slowest one: their virtual clocks meet there too.
    const phaseEnd = Math.max(...streams.map((stream) => stream.clock.now()));
    for (const stream of streams) stream.clock.advanceTo(phaseEnd);
  }
}
