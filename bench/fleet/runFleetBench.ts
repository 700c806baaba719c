/**
 * The fleet bench (`--fleet`): P processes (2, 4, 8) share one emulator whose SendMessages quota is
 * 300 requests/s and, together, want 450 calls/s. Each stack runs in turn on a fresh emulator: SDK
 * standard for reference, independent limiters (`createResilience()` in every process) and the Redis
 * store (one learned rate for the fleet). Then one more process joins the warm fleet, and the store's
 * CPU cost per call and Redis round trip are measured apart.
 */
import { startRedisServer } from "../../__tests__/support/redisServer";
import type { InterleavedPlan } from "../interleaved";
import { startEmulatorHost } from "../family/emulatorHost";
import type { EmulatorHost, HostStats } from "../family/emulatorHost";
import { runFleet } from "./fleetRun";
import type { FleetFigures } from "./metrics";
import { fleetFigures } from "./metrics";
import type { StoreCpuOverhead } from "./overhead";
import { measureStoreCpu } from "./overhead";
import type { FleetVariant } from "./protocol";
import { FLEET_VARIANT_LABELS, FLEET_VARIANTS } from "./protocol";
import type { AdmissionRoundTrip } from "./roundTrip";
import { measureAdmissionRoundTrip } from "./roundTrip";
import type { FleetCheck } from "./targets";
import { checkFleet } from "./targets";

/** The emulator's SendMessages quota, requests/s (burst: the emulator's default, a tenth of a second). */
export const FLEET_QUOTA_RPS = 300;
/** What the whole fleet wants, calls/s: 1.5× the quota, as the family's quota cells. */
export const FLEET_DEMAND_RPS = 450;
/** Fleet sizes. */
export const FLEET_PROCESSES = [2, 4, 8] as const;
/** The fleet size the targets are about (issue 14). */
export const TARGET_PROCESSES = 4;

/** How long each part of a run lasts, ms. */
export interface FleetTiming {
  /** From the start until the window opens: the stacks learn the quota. */
  warmupMs: number;
  /** The measured window. */
  measureMs: number;
  /** After the window, one more process sends for this long; its first second is reported. */
  joinMs: number;
  /** Calls still running this long after the last arrival are abandoned (unfinished). */
  graceMs: number;
}

export const FULL_TIMING: FleetTiming = { warmupMs: 5000, measureMs: 20_000, joinMs: 2000, graceMs: 20_000 };
export const QUICK_TIMING: FleetTiming = { warmupMs: 3000, measureMs: 6000, joinMs: 2000, graceMs: 8000 };

/** One fleet size and stack. */
export interface FleetCellReport extends FleetFigures {
  processes: number;
  variant: FleetVariant;
  /** The snapshot's `pacing.sharing` values at the end, over the processes (store only). */
  sharingAtEnd: string[];
  durationMs: number;
}

/** The fleet's part of the report (`--json`: under `fleet`). */
export interface FleetReport {
  version: 1;
  seed: number;
  quick: boolean;
  durationMs: number;
  quotaRps: number;
  demandRps: number;
  timing: FleetTiming;
  /** Where the store's Redis came from, or why the store did not run. */
  redis: string;
  variants: Array<{ id: FleetVariant; label: string }>;
  cells: FleetCellReport[];
  /** The store's CPU per call in memory while the fleet does not pace (null without Redis). */
  cpu: StoreCpuOverhead | null;
  /** One admission's Redis round trip while the fleet paces (null without Redis). */
  roundTrip: AdmissionRoundTrip | null;
  checks: FleetCheck[];
}

/** What the fleet bench runs. */
export interface FleetOptions {
  seed: number;
  quick: boolean;
}

/** The emulator's rules: the quota on SendMessages, and 10-20 ms per answer as across a network (the family's latency). */
function faults() {
  const match = { service: "Pinpoint", operation: "SendMessages" } as const;
  return { capacity: { requestsPerSecond: FLEET_QUOTA_RPS, match }, latency: { ms: 10, jitterMs: 10, match } };
}

/** Runs one fleet size with one stack on a fresh emulator. */
async function runCell(
  host: EmulatorHost,
  processes: number,
  variant: FleetVariant,
  options: FleetOptions & { timing: FleetTiming; redisUrl?: string },
): Promise<FleetCellReport> {
  const began = performance.now();
  const { timing } = options;
  const endpoint = await host.startEmulator(options.seed);
  const readings: HostStats[] = [];
  const windowEnd = timing.warmupMs + timing.measureMs;
  try {
    await host.arm([{ atMs: 0, faults: faults() }], 0);
    const outcome = await runFleet({
      endpoint,
      variant,
      processes,
      totalRatePerSecond: FLEET_DEMAND_RPS,
      durationMs: windowEnd + timing.joinMs,
      window: { fromMs: timing.warmupMs, toMs: windowEnd },
      graceMs: timing.graceMs,
      seed: options.seed,
      warmUpCalls: 4,
      ...(variant === "store" && options.redisUrl
        ? { redis: { url: options.redisUrl, clients: ["node-redis"], prefix: `fleet-bench:${Date.now()}:${processes}:` } }
        : {}),
      joiner: { atMs: windowEnd, durationMs: timing.joinMs },
      actions: [timing.warmupMs, windowEnd].map((atMs) => ({ atMs, run: async () => readings.push(await host.stats()) })),
    });
    return {
      processes,
      variant,
      ...fleetFigures(outcome, readings[0], readings[1], timing.measureMs, FLEET_QUOTA_RPS),
      sharingAtEnd: [...new Set(outcome.workers.flatMap((w) => w.sharingSamples.at(-1)?.sharing ?? []))].sort(),
      durationMs: Math.round(performance.now() - began),
    };
  } finally {
    await host.stopEmulator();
  }
}

/** Runs the fleet bench and returns its report. `log` receives progress lines. */
export async function runFleetBench(options: FleetOptions, log: (line: string) => void = () => undefined): Promise<FleetReport> {
  const began = performance.now();
  const timing = options.quick ? QUICK_TIMING : FULL_TIMING;
  const redis = await startRedisServer();
  const redisNote = redis ? (redis.owned ? "a redis-server of the bench's own on loopback" : "REDIS_URL") : "absent: the store did not run";
  if (!redis) log("fleet: no redis-server, so the Redis store's runs are skipped");
  const variants = FLEET_VARIANTS.filter((variant) => variant !== "store" || redis);
  const host = await startEmulatorHost();
  const cells: FleetCellReport[] = [];
  let cpu: StoreCpuOverhead | null = null;
  let roundTrip: AdmissionRoundTrip | null = null;
  try {
    for (const [index, processes] of FLEET_PROCESSES.entries()) {
      // Rotating the order spreads the machine's drift over the stacks.
      for (const variant of variants.map((_, i) => variants[(i + index) % variants.length])) {
        const cell = await runCell(host, processes, variant, { ...options, timing, redisUrl: redis?.url });
        cells.push(cell);
        log(
          `fleet ${processes} processes, ${variant}: ${cell.goodput.toFixed(0)}/s (${cell.goodputPct.toFixed(1)}%), ` +
            `${cell.throttledPct.toFixed(2)}% 429, ${cell.failed} failed (${(cell.durationMs / 1000).toFixed(1)} s)`,
        );
      }
    }
    if (redis) {
      const plan: InterleavedPlan = options.quick
        ? { warmup: 800, callsPerRound: 150, rounds: 51, seed: options.seed }
        : { warmup: 3000, callsPerRound: 300, rounds: 201, seed: options.seed };
      cpu = await measureStoreCpu(redis.url, plan, `fleet-bench-cpu:${Date.now()}:`);
      log(`fleet: store CPU in memory ${cpu.ratio?.toFixed(3)}× (${plan.rounds} rounds of ${plan.callsPerRound} calls)`);
      // A measure that went wrong (Redis went away) is left out of the report, not the report lost.
      roundTrip = await measureAdmissionRoundTrip(redis.url, options.quick ? 2000 : 10_000, `fleet-bench-rtt:${Date.now()}:`).catch((error: Error) => {
        log(`fleet: the round trip was not measured: ${error.message}`);
        return null;
      });
      if (roundTrip) log(`fleet: one admission's Redis round trip, median ${roundTrip.medianMicros} µs`);
    }
  } finally {
    await host.close();
    await redis?.stop();
  }
  return {
    version: 1,
    seed: options.seed,
    quick: options.quick,
    durationMs: Math.round(performance.now() - began),
    quotaRps: FLEET_QUOTA_RPS,
    demandRps: FLEET_DEMAND_RPS,
    timing,
    redis: redisNote,
    variants: variants.map((id) => ({ id, label: FLEET_VARIANT_LABELS[id] })),
    cells,
    cpu,
    roundTrip,
    checks: checkFleet(cells, cpu, TARGET_PROCESSES),
  };
}
