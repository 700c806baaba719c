/** The fleet bench's table (one row per fleet size and stack), its CPU and round-trip lines and its targets. */
import Table from "cli-table3";
import { formatValue } from "../report";
import { LAG_WARNING_MS } from "../family/table";
import type { FleetCellReport, FleetReport } from "./runFleetBench";
import { TARGET_PROCESSES } from "./runFleetBench";
import type { FleetCheck } from "./targets";

/** "3 / 112 (2.7%)": the joining process's 429s over its requests in its first second. */
export function formatJoin(join: FleetCellReport["join"]): string {
  if (!join) return "n/a";
  return `${join.throttled} / ${join.requests}${join.throttledPct === null ? "" : ` (${join.throttledPct.toFixed(1)}%)`}`;
}

/** "fleet ✓": the checks that belong to a row. */
function marks(checks: readonly FleetCheck[], cell: FleetCellReport): string {
  if (cell.variant !== "store" || cell.processes !== TARGET_PROCESSES) return "";
  return checks
    .filter((check) => check.kind === "fleet" || check.kind === "join")
    .map((check) => `${check.kind} ${check.pass ? "✓" : "✗"}`)
    .join(" ");
}

/** The rows of the table. */
export function fleetRows(report: FleetReport): string[][] {
  const label = (id: string) => report.variants.find((v) => v.id === id)?.label ?? id;
  return report.cells.map((cell) => [
    String(cell.processes),
    label(cell.variant),
    formatValue(cell.goodput, 0),
    formatValue(cell.goodputPct, 1),
    formatValue(cell.throttledPct, 2),
    String(cell.failed),
    String(cell.unfinished),
    formatValue(cell.p50Ms, 0),
    formatValue(cell.p99Ms, 0),
    formatJoin(cell.join),
    cell.variant === "store" ? `${cell.warnings}${cell.join?.warnings ? ` + ${cell.join.warnings}` : ""}` : "",
    marks(report.checks, cell),
  ]);
}

/** The store's CPU and round-trip lines. */
function storeLines(report: FleetReport): string[] {
  const lines: string[] = [];
  const { cpu, roundTrip } = report;
  if (cpu) {
    lines.push(
      `Store CPU per call in memory, fleet not pacing (${cpu.rounds} interleaved rounds of ${cpu.callsPerRound} calls): ` +
        `${formatValue(cpu.withStoreMicros, 1)} µs with the store, ${formatValue(cpu.withoutStoreMicros, 1)} µs without: ` +
        `${formatValue(cpu.ratio, 3)}× (95% interval ${formatValue(cpu.ratioLow, 3)}-${formatValue(cpu.ratioHigh, 3)})` +
        `${cpu.wentLocal > 0 ? `; the store went local ${cpu.wentLocal} times, so read it with care` : ""}.`,
    );
  }
  if (roundTrip) {
    lines.push(
      `One admission's Redis round trip while the fleet paces (${roundTrip.samples} admissions, loopback): ` +
        `median ${roundTrip.medianMicros} µs, p99 ${roundTrip.p99Micros} µs.`,
    );
  }
  return lines;
}

/** The fleet's table, store lines, notes and targets, ready to print. */
export function renderFleet(report: FleetReport): string {
  const table = new Table({
    head: ["processes", "stack", "goodput /s", "% of quota", "429 %", "failed", "unfinished", "p50 ms", "p99 ms", "joiner 429s, 1st s", "went local", "targets"],
    colAligns: ["right", "left", "right", "right", "right", "right", "right", "right", "right", "right", "right", "left"],
    style: { head: [], border: [], compact: true },
  });
  for (const row of fleetRows(report)) table.push(row);
  const { timing } = report;
  const header =
    `Fleet: P processes share one emulator, SendMessages quota ${report.quotaRps} requests/s, ${report.demandRps} calls/s wanted in all ` +
    `(open loop, Poisson); ${timing.warmupMs / 1000} s warm-up, ${timing.measureMs / 1000} s measured; seed ${report.seed}${report.quick ? ", quick" : ""}; ` +
    `${(report.durationMs / 1000).toFixed(0)} s`;
  const legend =
    `goodput: requests the emulator accepted per second over the measured window; 429 %: of its requests. failed, unfinished, p50, p99: ` +
    `the calls that started in the window. joiner: one more process starts cold after the window, ${report.demandRps}/P calls/s. ` +
    `went local: the store's warnings, each a process that stopped sharing for 5 s (Redis slower than its deadline), the joiner's after the +. Redis: ${report.redis}.`;
  const lagging = report.cells.filter((cell) => cell.driverLagP99Ms > LAG_WARNING_MS);
  const notes = lagging.length
    ? [`Driver lag p99 above ${LAG_WARNING_MS} ms (the machine fell behind the schedule): ${lagging.map((c) => `${c.processes} ${c.variant} ${c.driverLagP99Ms} ms`).join("; ")}.`]
    : [];
  const met = report.checks.filter((check) => check.pass).length;
  const checks = report.checks.map((check) => `  ${check.pass ? "✓" : "✗"} ${check.kind}: ${check.detail}`);
  return [
    header,
    table.toString(),
    legend,
    ...storeLines(report),
    ...notes,
    `Fleet targets met: ${met} of ${report.checks.length}${report.checks.length < 3 ? " (the store's need Redis)" : ""}.`,
    ...checks,
  ].join("\n");
}
