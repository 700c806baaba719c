/** The bench report as a terminal table (cli-table3). */
import Table from "cli-table3";
import type { BenchReport } from "./runBench";

/** Formats a value with `digits` decimals; "n/a" for null. */
export function formatValue(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined) return "n/a";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Rows of the table: one per metric, and one per ratio to the baseline. */
export function tableRows(report: BenchReport): string[][] {
  const baselineLabel = report.variants.find((v) => v.id === report.baseline)?.label ?? report.baseline;
  const rows: string[][] = [];
  for (const scenario of report.scenarios) {
    scenario.metrics.forEach((metric, index) => {
      const title = index === 0 ? scenario.title : "";
      rows.push([title, metric.label, ...report.variants.map((v) => formatValue(scenario.results[v.id]?.[metric.key], metric.digits ?? 1))]);
      if (metric.ratio) {
        const ratios = scenario.ratios[metric.key] ?? {};
        rows.push(["", `  × ${baselineLabel}`, ...report.variants.map((v) => `${formatValue(ratios[v.id], 2)}×`)]);
      }
    });
  }
  return rows;
}

/** The table, ready to print. */
export function renderTable(report: BenchReport): string {
  const table = new Table({
    head: ["scenario", "metric", ...report.variants.map((v) => v.label)],
    colAligns: ["left", "left", ...report.variants.map(() => "right" as const)],
    style: { head: [], border: [] },
    wordWrap: true,
    colWidths: [22, 30, ...report.variants.map((v) => (v.label.length > 20 ? 22 : 19))],
  });
  for (const row of tableRows(report)) table.push(row);
  const header = `smithy-resilience bench — seed ${report.seed}${report.quick ? ", quick" : ""}${report.scale !== 1 ? `, scale ${report.scale}` : ""}; ${report.environment.node}, ${report.environment.cpus} CPUs; ${(report.durationMs / 1000).toFixed(0)} s`;
  return `${header}\n${table.toString()}\nRatios are to ${report.variants.find((v) => v.id === report.baseline)?.label}; quote ratios, not absolute times.`;
}
