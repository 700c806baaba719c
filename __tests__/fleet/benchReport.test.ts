/** The fleet bench's flag, figures, targets and table, from constructed data (no process, no Redis). */
import { splitFleetArgs } from "../../bench/fleet/args";
import type { FleetOutcome } from "../../bench/fleet/fleetRun";
import { fleetFigures } from "../../bench/fleet/metrics";
import type { WorkerResult } from "../../bench/fleet/protocol";
import type { FleetCellReport, FleetReport } from "../../bench/fleet/runFleetBench";
import { QUICK_TIMING } from "../../bench/fleet/runFleetBench";
import { renderFleet } from "../../bench/fleet/table";
import { checkFleet } from "../../bench/fleet/targets";

describe("--fleet", () => {
  test("alone it runs the fleet alone; with a selection, both; with neither, everything runs, the fleet included", () => {
    expect(splitFleetArgs(["--fleet", "--quick"])).toEqual({ fleet: true, fleetOnly: true, rest: ["--quick"] });
    expect(splitFleetArgs(["--fleet", "--scenarios", "throttled"])).toEqual({ fleet: true, fleetOnly: false, rest: ["--scenarios", "throttled"] });
    expect(splitFleetArgs(["--quick"])).toEqual({ fleet: true, fleetOnly: false, rest: ["--quick"] });
    expect(splitFleetArgs(["--family"])).toMatchObject({ fleet: false });
    expect(splitFleetArgs(["--cells", "quota-"])).toMatchObject({ fleet: false });
  });
});

function worker(overrides: Partial<WorkerResult> = {}): WorkerResult {
  return {
    calls: 100,
    window: { calls: 50, succeeded: 48, failed: 1, unfinished: 1 },
    latenciesMs: [10, 20, 30, 40],
    failures: { "TooManyRequestsException 429": 1 },
    unfinished: 1,
    requests: 120,
    throttled: 3,
    firstSecond: { requests: 40, throttled: 2 },
    warnings: 0,
    resumes: 0,
    sharingSamples: [{ atMs: 9000, sharing: ["fleet"] }],
    driverLagP99Ms: 4,
    ...overrides,
  };
}

describe("figures", () => {
  test("goodput and 429 share come from the emulator's counters over the window; calls and latency from the processes", () => {
    const outcome: FleetOutcome = { workers: [worker(), worker({ warnings: 2 })], joiner: worker({ firstSecond: { requests: 50, throttled: 1 }, warnings: 1 }) };
    const figures = fleetFigures(outcome, { requests: 1000, throttled: 10 }, { requests: 3000, throttled: 50 }, 6000, 300);
    // (2000 requests − 40 throttled) / 6 s = 326.7/s, 108.9% of 300/s; 40 of 2000 throttled.
    expect(figures).toMatchObject({ goodput: 326.7, goodputPct: 108.9, throttledPct: 2, requests: 2000, throttled: 40 });
    expect(figures).toMatchObject({ calls: 100, failed: 2, unfinished: 2, p50Ms: 20, p99Ms: 40, warnings: 2 });
    expect(figures.failures).toEqual({ "TooManyRequestsException 429": 3 });
    expect(figures.join).toEqual({ requests: 50, throttled: 1, throttledPct: 2, warnings: 1 });
  });
});

function cell(processes: number, variant: FleetCellReport["variant"], overrides: Partial<FleetCellReport> = {}): FleetCellReport {
  return {
    processes,
    variant,
    goodput: 290,
    goodputPct: 96.7,
    throttledPct: 2.5,
    requests: 1800,
    throttled: 45,
    calls: 2700,
    failed: 0,
    unfinished: 0,
    p50Ms: 3000,
    p99Ms: 9000,
    failures: {},
    join: { requests: 100, throttled: 2, throttledPct: 2, warnings: 0 },
    warnings: 0,
    driverLagP99Ms: 10,
    sharingAtEnd: variant === "store" ? ["fleet"] : [],
    durationMs: 20_000,
    ...overrides,
  };
}

const CPU = { withoutStoreMicros: 250, withStoreMicros: 255, ratio: 1.02, ratioLow: 1.0, ratioHigh: 1.04, rounds: 51, callsPerRound: 150, wentLocal: 0 };

describe("targets", () => {
  test("at 4 processes with the store: goodput ≥ 95% with ≤ 3% throttled, the joiner ≤ 3% throttled; CPU ≤ 1.10×", () => {
    const met = checkFleet([cell(2, "store", { throttledPct: 9 }), cell(4, "store"), cell(4, "independent", { throttledPct: 9 })], CPU, 4);
    expect(met.map((check) => [check.kind, check.pass])).toEqual([
      ["fleet", true],
      ["join", true],
      ["cpu", true],
    ]);
    const missed = checkFleet([cell(4, "store", { goodputPct: 94, join: { requests: 100, throttled: 4, throttledPct: 4, warnings: 0 } })], { ...CPU, ratio: 1.11 }, 4);
    expect(missed.map((check) => check.pass)).toEqual([false, false, false]);
    expect(checkFleet([cell(4, "store", { throttledPct: 3.1 })], null, 4).map((check) => [check.kind, check.pass])).toEqual([
      ["fleet", false],
      ["join", true],
    ]);
  });

  test("without Redis the store's targets are not listed", () => {
    expect(checkFleet([cell(4, "independent"), cell(4, "sdk-standard")], null, 4)).toEqual([]);
  });
});

describe("table", () => {
  test("one row per fleet size and stack, the targets on the store's row at 4 processes, the store's lines and checks", () => {
    const cells = [cell(4, "independent"), cell(4, "store", { warnings: 2, join: { requests: 100, throttled: 2, throttledPct: 2, warnings: 1 } })];
    const report: FleetReport = {
      version: 1,
      seed: 1,
      quick: true,
      durationMs: 60_000,
      quotaRps: 300,
      demandRps: 450,
      timing: QUICK_TIMING,
      redis: "a redis-server of the bench's own on loopback",
      variants: [
        { id: "independent", label: "independent limiters" },
        { id: "store", label: "Redis store" },
      ],
      cells,
      cpu: CPU,
      roundTrip: { samples: 2000, medianMicros: 140, p99Micros: 400 },
      checks: checkFleet(cells, CPU, 4),
    };
    const text = renderFleet(report);
    const rows = text.split("\n").filter((line) => line.includes("independent limiters │") || line.includes("Redis store  "));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(/2 \/ 100 \(2\.0%\).*2 \+ 1.*fleet ✓ join ✓/);
    expect(rows[0]).not.toMatch(/✓/);
    expect(text).toContain("1.020× (95% interval 1.000-1.040)");
    expect(text).toContain("median 140 µs, p99 400 µs");
    expect(text).toContain("Fleet targets met: 3 of 3.");
  });
});
