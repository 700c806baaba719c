/** The family's table (one row per cell) and its summary line. */
import Table from "cli-table3";
import type { VariantId } from "../variants";
import type { CellReport, FamilyReport, FamilySummary, RatioKey } from "./runFamily";
import type { TargetCheck } from "./targets";
import { TARGET_KINDS } from "./targets";

/** Columns of ratios to the baseline, with their headers. */
const RATIO_COLUMNS: ReadonlyArray<{ key: RatioKey; header: string }> = [
  { key: "successPct", header: "success" },
  { key: "goodput", header: "goodput" },
  { key: "p50Ms", header: "p50" },
  { key: "p99Ms", header: "p99" },
  { key: "requestsPerCall", header: "req/call" },
  { key: "finishMs", header: "finish" },
];

/** A ratio as "1.02", "n/a" when undefined; large ones with fewer decimals so the column stays narrow. */
export function formatRatio(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "n/a";
  if (ratio >= 100) return ratio.toFixed(0);
  if (ratio >= 10) return ratio.toFixed(1);
  return ratio.toFixed(2);
}

/** A success share as "99.5", "100" for a whole hundred. */
export function formatSuccess(value: number | undefined): string {
  if (value === undefined) return "n/a";
  return value === 100 ? "100" : value.toFixed(1);
}

/** "no-harm ✓ dead ✗": each target of a cell and whether the subject met it. */
export function targetMarks(checks: readonly TargetCheck[]): string {
  return checks.map((check) => `${check.kind} ${check.pass ? "✓" : "✗"}`).join(" ");
}

/** The cells of the table: one row per cell. */
export function familyRows(report: FamilyReport): string[][] {
  const others = report.variants.filter((v) => v.id !== report.baseline).map((v) => v.id);
  return report.cells.map((cell) => [
    cell.name,
    ...report.variants.map((v) => formatSuccess(cell.results[v.id]?.successPct)),
    ...RATIO_COLUMNS.map(({ key }) => others.map((id) => formatRatio(cell.ratios[key]?.[id])).join(" / ")),
    cell.met === null ? "n/a" : targetMarks(cell.checks),
  ]);
}

/** The summary line: how many cells met all their targets, and per target kind. */
export function summaryLine(summary: FamilySummary, report: Pick<FamilyReport, "seed" | "quick" | "subject" | "baseline">): string {
  const kinds = TARGET_KINDS.filter((kind) => summary.byTarget[kind]).map((kind) => `${kind} ${summary.byTarget[kind]?.met}/${summary.byTarget[kind]?.of}`);
  return (
    `Targets met in ${summary.met} of ${summary.cells} cells (${kinds.join(", ")}): ${report.subject} against ${report.baseline}, ` +
    `seed ${report.seed}${report.quick ? ", quick" : ""}.`
  );
}

/** One line per failed check: what was measured against what. */
export function failureLines(cells: readonly CellReport[]): string[] {
  return cells.flatMap((cell) => cell.checks.filter((check) => !check.pass).map((check) => `  ✗ ${cell.name} ${check.kind}: ${check.detail}`));
}

/** Above this driver lag (p99, ms) a run did not keep its schedule: the machine was too busy. */
export const LAG_WARNING_MS = 50;

/** Notes on runs to read with care: calls unfinished at the cap, and runs whose driver fell behind the schedule. */
export function noteLines(report: Pick<FamilyReport, "cells" | "variants">): string[] {
  const per = (pick: (cell: CellReport, id: VariantId) => string | undefined) =>
    report.cells.flatMap((cell) => {
      const parts = report.variants.map((v) => pick(cell, v.id)).filter((part): part is string => part !== undefined);
      return parts.length === 0 ? [] : [`${cell.name} (${parts.join(", ")})`];
    });
  const unfinished = per((cell, id) => {
    const count = cell.results[id]?.unfinished ?? 0;
    return count > 0 ? `${shortLabel(id)} ${count}` : undefined;
  });
  const lagging = per((cell, id) => {
    const lag = cell.results[id]?.driverLagP99Ms ?? 0;
    return lag > LAG_WARNING_MS ? `${shortLabel(id)} ${lag.toFixed(0)} ms` : undefined;
  });
  return [
    ...(unfinished.length > 0 ? [`Calls unfinished at the cap (counted as failed): ${unfinished.join("; ")}.`] : []),
    ...(lagging.length > 0 ? [`Driver lag p99 above ${LAG_WARNING_MS} ms (the machine fell behind the schedule): ${lagging.join("; ")}.`] : []),
  ];
}

function label(report: FamilyReport, id: VariantId): string {
  return report.variants.find((v) => v.id === id)?.label ?? id;
}

/** The family's table, summary line and failed checks, ready to print. */
export function renderFamily(report: FamilyReport): string {
  const others = report.variants.filter((v) => v.id !== report.baseline);
  const ratioOrder = others.map((v) => v.label).join(" / ");
  const table = new Table({
    head: ["cell", ...report.variants.map((v) => `ok % ${shortLabel(v.id)}`), ...RATIO_COLUMNS.map((c) => `${c.header} ×`), "targets (subject)"],
    colAligns: ["left", ...report.variants.map(() => "right" as const), ...RATIO_COLUMNS.map(() => "right" as const), "left"],
    style: { head: [], border: [], compact: true },
  });
  for (const row of familyRows(report)) table.push(row);
  const header =
    `Scenario family: open-loop arrivals, paired faults, over HTTP; seed ${report.seed}${report.quick ? ", quick" : ""}; ` +
    `${report.cells.length} cells × ${report.variants.length} stacks in ${(report.durationMs / 1000).toFixed(0)} s`;
  const legend =
    `ok %: success of each stack (${report.variants.map((v) => `${shortLabel(v.id)} = ${v.label}`).join(", ")}). ` +
    `× columns: ratio to ${label(report, report.baseline)}, as ${ratioOrder}.`;
  const failures = failureLines(report.cells);
  return [header, table.toString(), legend, ...noteLines(report), summaryLine(report.summary, report), ...failures].join("\n");
}

/** Short column names of the family's stacks. */
const SHORT_LABELS: Partial<Record<VariantId, string>> = { "sdk-standard": "std", "sdk-adaptive": "adp", "smithy-resilience": "sr" };

/** A stack's short column name: "std", "adp", "sr" (any other, its id). */
export function shortLabel(id: VariantId): string {
  return SHORT_LABELS[id] ?? id;
}
