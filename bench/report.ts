/** The bench report as a terminal table (cli-table3). */
import Table from "cli-table3";
import type { BenchReport } from "./runBench";

/** Formats a value with `digits` decimals; "n/a" for null or a variant the scenario does not run. */
export function formatValue(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined) return "n/a";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Rows of the table, per scenario: one per metric, and one per ratio to the baseline. */
export function scenarioRows(report: BenchReport): Array<{ title: string; rows: string[][] }> {
  const baselineLabel = report.variants.find((v) => v.id === report.baseline)?.label ?? report.baseline;
  return report.scenarios.map((scenario) => {
    const rows: string[][] = [];
    for (const metric of scenario.metrics) {
      rows.push([metric.label, ...report.variants.map((v) => formatValue(scenario.results[v.id]?.[metric.key], metric.digits ?? 1))]);
      if (metric.ratio) {
        const ratios = scenario.ratios[metric.key] ?? {};
        rows.push([`  × ${baselineLabel}`, ...report.variants.map((v) => (ratios[v.id] == null ? "n/a" : `${formatValue(ratios[v.id], 2)}×`))]);
      }
    }
    return { title: scenario.title, rows };
  });
}

/** Width of the metric column; labels must fit it (padding included) or the lines of a block misalign. */
export const METRIC_COLUMN_WIDTH = 32;

/** The table, ready to print: one block per scenario, a line per metric. */
export function renderTable(report: BenchReport): string {
  const table = new Table({
    head: ["scenario", "metric", ...report.variants.map((v) => v.label)],
    colAligns: ["left", "left", ...report.variants.map(() => "right" as const)],
    colWidths: [20, METRIC_COLUMN_WIDTH, ...report.variants.map(() => 21)],
    wordWrap: true,
    style: { head: [], border: [] },
  });
  for (const { title, rows } of scenarioRows(report)) {
    // One table row per scenario, its metrics as lines: separators fall between scenarios only.
    const column = (i: number) => rows.map((row) => row[i]).join("\n");
    table.push([title, column(0), ...report.variants.map((_, i) => column(i + 1))]);
  }
  const baseline = report.variants.find((v) => v.id === report.baseline)?.label;
  const scale = report.scale !== 1 ? `, scale ${report.scale}` : "";
  const header = `smithy-resilience bench: seed ${report.seed}${report.quick ? ", quick" : ""}${scale}; Node ${report.environment.node}, ${report.environment.cpus} CPUs; ${(report.durationMs / 1000).toFixed(0)} s`;
  return `${header}\n${table.toString()}\nRatios are to ${baseline}: quote them rather than absolute times, which vary with the machine.`;
}
