/**
 * The summary table, as rows of text shared by the terminal (cli-table3) and the HTML report.
 * @packageDocumentation
 */

import Table from "cli-table3";
import type { Summary, VariantId } from "./metrics";

export const TABLE_HEADER = [
  "Phase",
  "Variant",
  "Calls",
  "Success",
  "Requests/call",
  "p50",
  "p99",
  "Retries by error class",
  "Give-ups by reason",
] as const;

/** One table row: a cell per header column, already formatted. */
export type TableRow = string[];

/** Milliseconds for people: "8 ms", "240 ms", "1.25 s"; "–" when there is no value. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return "–";
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** A share as a percentage with one decimal: "96.7%". */
export function formatPercent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

/** Counts by key, largest first, e.g. "max-attempts 21, circuit-open 9"; "–" when empty. */
export function formatCounts(counts: Partial<Record<string, number>>): string {
  const entries = Object.entries(counts).filter((entry): entry is [string, number] => (entry[1] ?? 0) > 0);
  if (entries.length === 0) return "–";
  return entries
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([key, count]) => `${key.toLowerCase()} ${count}`)
    .join(", ");
}

/** The rows of the summary table, one per summary, in the order given. */
export function tableRows(summaries: readonly Summary[], labels: Readonly<Record<VariantId, string>>): TableRow[] {
  return summaries.map((s) => [
    s.phase,
    labels[s.variant],
    String(s.calls),
    formatPercent(s.successRate),
    s.requestsPerCall.toFixed(2),
    formatMs(s.latencyMs.p50),
    formatMs(s.latencyMs.p99),
    formatCounts(s.retriesByClass),
    formatCounts(s.giveUpsByReason),
  ]);
}

/** How many consecutive rows share each row's first cell (0 for rows folded into the one above). */
export function phaseSpans(rows: readonly TableRow[]): number[] {
  return rows.map((row, i) => {
    if (i > 0 && rows[i - 1][0] === row[0]) return 0;
    let span = 1;
    while (i + span < rows.length && rows[i + span][0] === row[0]) span++;
    return span;
  });
}

/** The table for a terminal, phases merged over their variant rows. */
export function renderTable(rows: readonly TableRow[]): string {
  const table = new Table({
    head: [...TABLE_HEADER],
    colAligns: ["left", "left", "right", "right", "right", "right", "right", "left", "left"],
    style: { head: [], border: [] },
  });
  const spans = phaseSpans(rows);
  rows.forEach((row, i) => {
    const rest = row.slice(1);
    table.push(spans[i] === 0 ? rest : [{ content: row[0], rowSpan: spans[i], vAlign: "center" }, ...rest]);
  });
  return table.toString();
}
