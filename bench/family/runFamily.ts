/**
 * The scenario family: every cell, every stack, one stack after another, each against its own emulator
 * armed with the same seed and the same fault phases (see bench/README.md for why not side by side).
 */
import type { BenchReport } from "../runBench";
import type { VariantId } from "../variants";
import { BASELINE, VARIANT_LABELS } from "../variants";
import type { CellSpec } from "./cells";
import { FAMILY_LATENCY, familyCells, phasesWithLatency } from "./cells";
import { startEmulatorHost } from "./emulatorHost";
import type { StackMetrics } from "./metrics";
import { stackMetrics } from "./metrics";
import { runStack } from "./runCell";
import { arrivalTimes } from "./schedule";
import type { TargetCheck, TargetKind, TargetParams } from "./targets";
import { checkCell, HEAL_FULL_SUCCESS_AFTER_MS, optimumFinish, TARGET_KINDS } from "./targets";

/** How long calls may run after a cell's last start before they count as unfinished, ms. */
export const FULL_GRACE_MS = 20_000;
export const QUICK_GRACE_MS = 5000;

/** The stacks the family compares, in column order. */
export const FAMILY_VARIANTS: readonly VariantId[] = ["sdk-standard", "sdk-adaptive", "smithy-resilience"];
/** The stack the targets are about. */
export const SUBJECT: VariantId = "smithy-resilience";

/** Figures shown as a ratio to the baseline, in table order. */
export const RATIO_KEYS = ["successPct", "goodput", "p50Ms", "p99Ms", "requestsPerCall", "finishMs"] as const;
export type RatioKey = (typeof RATIO_KEYS)[number];

/** One cell in the report. */
export interface CellReport {
  name: string;
  title: string;
  group: CellSpec["group"];
  service: string;
  params: Record<string, number | string>;
  /** Calls in the schedule (the same for every stack). */
  calls: number;
  /** "no-harm" and the cell's own targets. */
  targets: TargetKind[];
  /** Figures the targets use that belong to the cell, e.g. the optimum goodput of a moving quota. */
  targetParams: TargetParams;
  /** Per stack. */
  results: Partial<Record<VariantId, StackMetrics>>;
  /** Per figure, per stack: value / the baseline's value (null when either is undefined or the baseline's is 0). */
  ratios: Record<RatioKey, Partial<Record<VariantId, number | null>>>;
  /** The subject's checks; empty when the subject or the baseline did not run. */
  checks: TargetCheck[];
  met: boolean | null;
  /** The order the stacks ran in (it rotates from cell to cell). */
  order: VariantId[];
  durationMs: number;
}

/** How many cells met their targets, and per target kind. */
export interface FamilySummary {
  cells: number;
  met: number;
  byTarget: Partial<Record<TargetKind, { met: number; of: number }>>;
}

/** The family's part of the report (`BenchReport.family`). */
export interface FamilyReport {
  version: 1;
  seed: number;
  quick: boolean;
  durationMs: number;
  baseline: VariantId;
  subject: VariantId;
  variants: Array<{ id: VariantId; label: string }>;
  /** The latency rule every emulator answers with. */
  latency: { ms: number; jitterMs: number };
  cells: CellReport[];
  summary: FamilySummary;
}

/** The bench's report with the family's part, as `--json` writes it. */
export type BenchReportWithFamily = BenchReport & { family?: FamilyReport };

/** What the family runs. */
export interface FamilyOptions {
  seed: number;
  quick: boolean;
  /** Stacks to run; those of {@link FAMILY_VARIANTS} among them run, the baseline always. */
  variants?: readonly VariantId[];
  /** Cell names (or name prefixes) to run; default all of the mode's. */
  cells?: readonly string[];
  /** Overrides how long calls may run after the last start, ms (tests). */
  graceMs?: number;
  /** Runs these cells instead of the family's (tests). */
  cellSpecs?: readonly CellSpec[];
}

/** Selects cells by name or name prefix; throws naming what matched nothing. */
export function selectCells(cells: readonly CellSpec[], names: readonly string[] | undefined): CellSpec[] {
  if (!names || names.length === 0) return [...cells];
  const unmatched = names.filter((name) => !cells.some((cell) => cell.name === name || cell.name.startsWith(name)));
  if (unmatched.length > 0) throw new Error(`no cell matches ${unmatched.join(", ")}; cells: ${cells.map((c) => c.name).join(", ")}`);
  return cells.filter((cell) => names.some((name) => cell.name === name || cell.name.startsWith(name)));
}

/** A seed per cell from the run's seed and the cell's name, so that adding a cell moves no other schedule. */
export function cellSeed(seed: number, name: string): number {
  let hash = seed >>> 0;
  for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash;
}

function ratiosOf(results: CellReport["results"]): CellReport["ratios"] {
  const base = results[BASELINE];
  const ratios = {} as CellReport["ratios"];
  for (const key of RATIO_KEYS) {
    ratios[key] = {};
    for (const [variant, metrics] of Object.entries(results) as Array<[VariantId, StackMetrics]>) {
      const value = metrics[key];
      const reference = base?.[key];
      ratios[key][variant] = value === null || reference === null || reference === undefined || reference === 0 ? null : Math.round((1000 * value) / reference) / 1000;
    }
  }
  return ratios;
}

/** Counts the cells that met all their targets, and each target kind. */
export function summarize(cells: readonly Pick<CellReport, "checks" | "met">[]): FamilySummary {
  const byTarget: FamilySummary["byTarget"] = {};
  for (const kind of TARGET_KINDS) {
    const checks = cells.flatMap((cell) => cell.checks.filter((check) => check.kind === kind));
    if (checks.length > 0) byTarget[kind] = { met: checks.filter((check) => check.pass).length, of: checks.length };
  }
  const checked = cells.filter((cell) => cell.met !== null);
  return { cells: checked.length, met: checked.filter((cell) => cell.met).length, byTarget };
}

/** The capacity in force over time, from a cell's phases. */
function capacitySteps(cell: CellSpec) {
  return cell.phases.map((phase) => ({ atMs: phase.atMs, requestsPerSecond: phase.faults.capacity?.requestsPerSecond, burst: phase.faults.capacity?.burst }));
}

/** Runs one cell for every stack, in `order`. */
async function runCell(
  host: Awaited<ReturnType<typeof startEmulatorHost>>,
  cell: CellSpec,
  order: readonly VariantId[],
  options: FamilyOptions,
  log: (line: string) => void,
): Promise<CellReport> {
  const began = performance.now();
  const arrivalsMs = arrivalTimes({ ...cell.schedule, seed: cellSeed(options.seed, cell.name) });
  const phases = phasesWithLatency(cell);
  const graceMs = options.graceMs ?? (options.quick ? QUICK_GRACE_MS : FULL_GRACE_MS);
  const windows = {
    focusFromMs: cell.focusFromMs,
    deadWindow: cell.deadWindow,
    healAtMs: cell.healAtMs,
    fullSuccessAfterMs: HEAL_FULL_SUCCESS_AFTER_MS,
  };
  const results: CellReport["results"] = {};
  for (const variant of order) {
    const startedAt = performance.now();
    const run = await runStack(host, { variant, service: cell.service, arrivalsMs, phases, seed: options.seed, graceMs });
    const metrics = stackMetrics(run.records, run.emulator, windows);
    results[variant] = metrics;
    log(
      `family ${cell.name}: ${variant} ${metrics.successPct.toFixed(1)}% ok, finish ${(metrics.finishMs / 1000).toFixed(2)} s` +
        `${metrics.unfinished > 0 ? `, ${metrics.unfinished} unfinished` : ""} (${((performance.now() - startedAt) / 1000).toFixed(1)} s)`,
    );
  }
  const targetParams: TargetParams = {};
  if (cell.targets.includes("quota")) targetParams.quotaRps = Number(cell.params.quotaRps);
  if (cell.targets.includes("quota-step")) {
    targetParams.optimumGoodput = Math.round(10 * optimumFinish(arrivalsMs, capacitySteps(cell), FAMILY_LATENCY.ms).goodput) / 10;
  }
  const subject = results[SUBJECT];
  const baseline = results[BASELINE];
  const checks = subject && baseline ? checkCell(cell.targets, targetParams, subject, baseline) : [];
  return {
    name: cell.name,
    title: cell.title,
    group: cell.group,
    service: cell.service,
    params: cell.params,
    calls: arrivalsMs.length,
    targets: ["no-harm", ...cell.targets],
    targetParams,
    results,
    ratios: ratiosOf(results),
    checks,
    met: checks.length === 0 ? null : checks.every((check) => check.pass),
    order: [...order],
    durationMs: Math.round(performance.now() - began),
  };
}

/** Runs the family and returns its report. `log` receives progress lines. */
export async function runFamily(options: FamilyOptions, log: (line: string) => void = () => undefined): Promise<FamilyReport> {
  const began = performance.now();
  const variants = FAMILY_VARIANTS.filter((id) => id === BASELINE || !options.variants || options.variants.includes(id));
  const cells = selectCells(options.cellSpecs ?? familyCells(options.quick), options.cells);
  const host = await startEmulatorHost();
  const reports: CellReport[] = [];
  try {
    for (const [index, cell] of cells.entries()) {
      // Rotating the order spreads the machine's drift (other processes, a warming JIT) over the stacks.
      const order = variants.map((_, i) => variants[(i + index) % variants.length]);
      reports.push(await runCell(host, cell, order, options, log));
    }
  } finally {
    await host.close();
  }
  return {
    version: 1,
    seed: options.seed,
    quick: options.quick,
    durationMs: Math.round(performance.now() - began),
    baseline: BASELINE,
    subject: SUBJECT,
    variants: variants.map((id) => ({ id, label: VARIANT_LABELS[id] })),
    latency: { ...FAMILY_LATENCY },
    cells: reports,
    summary: summarize(reports),
  };
}
