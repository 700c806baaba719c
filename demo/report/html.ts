/**
 * The HTML report: one self-contained page (inline CSS and SVG, no script, no font, no network), with a
 * Content-Security-Policy that forbids loading anything.
 * @packageDocumentation
 */

import { headlines } from "../headlines";
import { ALL_PHASES, OUTCOMES, VARIANT_IDS, type RunRecords } from "../metrics";
import { capitalize } from "../prose";
import { readRun, type RunReading } from "../reading";
import type { DemoResults, ResultRow } from "../results";
import { formatMs, formatPercent, phaseSpans, TABLE_HEADER, tableRows, type TableRow } from "../table";
import { SERVICES } from "../workload";
import { dashboardBlock, dashboardLegend, maxPacingRate, type DashboardScale } from "./dashboard";
import { groupedBarChart, latencyChart, OUTCOME_COLORS, OUTCOME_LABELS, timelineCharts, VARIANT_COLORS } from "./charts";
import { escapeXml } from "./svg";

const STYLE = `
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #0f172a; margin: 0; background: #fff; }
  main { max-width: 1000px; margin: 0 auto; padding: 24px 20px 48px; }
  h1 { font-size: 24px; margin: 0 0 4px; }
  h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid #e2e8f0; padding-bottom: 4px; }
  h3 { font-size: 15px; margin: 16px 0 4px; }
  .lede { color: #334155; margin: 0 0 12px; }
  .meta { color: #475569; font-size: 12px; }
  .cards { display: flex; gap: 12px; }
  .card { flex: 1; border: 1px solid #e2e8f0; border-left: 6px solid; border-radius: 4px; padding: 8px 12px; }
  .card strong { display: block; }
  .legend { display: flex; flex-wrap: wrap; gap: 14px; font-size: 12px; margin: 6px 0; }
  .swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
  .pair { display: flex; gap: 16px; }
  table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
  th, td { border: 1px solid #e2e8f0; padding: 4px 6px; text-align: left; vertical-align: middle; }
  th { background: #f8fafc; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  td.num, td.phase, td.variant { white-space: nowrap; }
  tr.all td { font-weight: 600; background: #f8fafc; }
  details { margin-top: 8px; }
  svg { display: block; max-width: 100%; height: auto; margin: 4px 0; }
  svg text { font-family: system-ui, sans-serif; }
  svg text:not([fill]) { fill: #334155; }
  .reading { margin: 10px 0 0; }
  .reading p { margin: 0 0 6px; }
  ul.headlines { padding-left: 20px; margin: 4px 0; }
  ul.headlines li { margin-bottom: 2px; }
  .phase-reading { margin: 0 0 10px; }
  .phase-reading h3 { margin-bottom: 2px; }
  .phase-reading p { margin: 0 0 2px; }
  .phase-reading ul { margin: 2px 0 0; padding-left: 20px; }
  .dashboard { border: 1px solid #e2e8f0; border-radius: 4px; padding: 6px 10px; margin: 6px 0 0; background: #f8fafc; }
  .dashboard h4 { font-size: 13px; margin: 0 0 4px; }
  .dashboard p { margin: 2px 0 0; }
  .stats { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 4px; }
  .stat { background: #fff; border: 1px solid #e2e8f0; border-radius: 3px; padding: 2px 8px; font-size: 12px; }
  .stat b { font-size: 14px; font-variant-numeric: tabular-nums; }
  .stat small { display: block; color: #475569; font-size: 11px; }
  code { font-size: 12px; }
  dt { font-weight: 600; }
  dd { margin: 0 0 8px; }
`;

/** Class of each summary table column: numbers are right-aligned, short cells never wrap. */
const COLUMN_CLASSES = ["phase", "variant", "num", "num", "num", "num", "num", "counts", "counts"];

function htmlTable(rows: readonly TableRow[], header: readonly string[] = TABLE_HEADER): string {
  const spans = phaseSpans(rows);
  const body = rows
    .map((row, i) => {
      const cells = row
        .map((cell, c) => {
          if (c === 0 && spans[i] === 0) return "";
          const rowspan = c === 0 ? ` rowspan="${spans[i]}"` : "";
          return `<td class="${COLUMN_CLASSES[c]}"${rowspan}>${escapeXml(cell)}</td>`;
        })
        .join("");
      return `<tr${row[0] === ALL_PHASES ? ' class="all"' : ""}>${cells}</tr>`;
    })
    .join("\n");
  return `<table><thead><tr>${header.map((h) => `<th>${escapeXml(h)}</th>`).join("")}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function legend(items: ReadonlyArray<{ color: string; label: string }>): string {
  const entries = items.map((item) => `<span><span class="swatch" style="background:${item.color}"></span>${escapeXml(item.label)}</span>`);
  return `<div class="legend">${entries.join("")}</div>`;
}

function variantCards(results: DemoResults): string {
  const cards = results.variants.map((variant) => {
    const all = results.summary.find((row) => row.phase === ALL_PHASES && row.variant === variant.id) as ResultRow;
    const figures =
      `${all.calls} calls, ${formatPercent(all.successRate)} succeeded, ${all.requests} requests ` +
      `(${all.requestsPerCall.toFixed(2)} per call), p99 ${formatMs(all.latencyMs.p99)}`;
    return (
      `<div class="card" style="border-left-color:${VARIANT_COLORS[variant.id]}" data-variant="${variant.id}">` +
      `<strong>${escapeXml(variant.label)}</strong><div>${escapeXml(figures)}</div>` +
      `<div class="meta">${escapeXml(variant.description)}</div></div>`
    );
  });
  return `<div class="cards">${cards.join("")}</div>`;
}

/**
 * The headlines the terminal printed, then each phase: what happened, who did better, and why, and what
 * smithy-resilience's metrics showed meanwhile.
 */
function readingSections(lines: readonly string[], reading: RunReading, results: DemoResults): string {
  const items = (texts: readonly string[]) => texts.map((t) => `<li>${escapeXml(t)}</li>`).join("");
  const { dashboard } = results;
  const scale: DashboardScale = {
    maxRate: maxPacingRate(dashboard.phases),
    serviceLabels: Object.fromEntries(SERVICES.map((s) => [s.name, s.label])),
  };
  const sdkLabel = results.variants.find((v) => v.id === "sdk-standard")?.label ?? "The SDK";
  const phases = reading.phases.map((p) => {
    const watched = dashboard.phases.find((d) => d.phase === p.phase);
    return (
      `<section class="phase-reading" data-phase-reading="${p.phase}"><h3>${escapeXml(capitalize(p.phase))}</h3>` +
      `<p>${escapeXml(p.happened)}</p><p><strong>${escapeXml(p.verdict)}</strong></p>` +
      (p.why.length > 0 ? `<ul>${items(p.why)}</ul>` : "") +
      (watched ? dashboardBlock(watched, scale, sdkLabel) : "") +
      "</section>"
    );
  });
  const headlineList = lines.length > 0 ? `<ul class="headlines" data-headlines>${items(lines)}</ul>` : "<p>The two variants did the same in every phase.</p>";
  const legendText = dashboard.phases.length > 0 ? `${dashboardLegend(scale)}\n` : "";
  return `<h2>Headlines</h2>\n${headlineList}\n<h2>Phase by phase</h2>\n${legendText}${phases.join("\n")}`;
}

/** Builds the page from the results and the raw records of the same run. */
export function buildReportHtml(results: DemoResults, records: RunRecords): string {
  const labels = Object.fromEntries(results.variants.map((v) => [v.id, v.label])) as Record<(typeof VARIANT_IDS)[number], string>;
  const durationMs = Math.max(1, ...results.phaseWindows.map((w) => w.endMs));
  const timelines = timelineCharts(
    VARIANT_IDS.map((variant) => ({
      variant,
      label: labels[variant],
      attempts: records.attempts.filter((a) => a.variant === variant),
      phases: results.phaseWindows.filter((w) => w.variant === variant),
      circuitChanges: results.circuitChanges.filter((c) => c.variant === variant),
    })),
    SERVICES.map((s) => ({ service: s.name, label: s.label })),
    durationMs,
  );
  const phaseRows = results.summary.filter((row) => row.phase !== ALL_PHASES);
  const phases = results.phases.map((p) => p.name);
  const seriesOf = (value: (row: ResultRow) => number) =>
    VARIANT_IDS.map((variant) => ({
      variant,
      label: labels[variant],
      values: phases.map((phase) => value(phaseRows.find((r) => r.phase === phase && r.variant === variant) as ResultRow)),
    }));
  const allRows = new Map(results.summary.filter((r) => r.phase === ALL_PHASES).map((r) => [r.variant, r]));
  const latency = latencyChart(
    VARIANT_IDS.map((variant) => ({
      variant,
      label: labels[variant],
      latencies: records.calls.filter((c) => c.variant === variant).map((c) => c.latencyMs),
      p50: allRows.get(variant)?.latencyMs.p50,
      p99: allRows.get(variant)?.latencyMs.p99,
    })),
  );
  const variantLegend = legend(VARIANT_IDS.map((v) => ({ color: VARIANT_COLORS[v], label: labels[v] })));
  const byService = SERVICES.map((service) => {
    const rows = results.byService.filter((r) => r.service === service.name);
    return `<h3>${escapeXml(`${service.label} (${service.operation})`)}</h3>${htmlTable(tableRows(rows, labels))}`;
  }).join("\n");
  const phaseList = results.phases.map((p) => `<dt>${escapeXml(p.name)}</dt><dd>${escapeXml(p.description)}</dd>`).join("");
  const { options } = results;
  const reading = readRun(results);
  const overall = reading.overall.map((sentence) => `<p>${escapeXml(sentence)}</p>`).join("");

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>smithy-resilience demo report</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>smithy-resilience vs the SDK's standard retry</h1>
<p class="lede">The same seeded workload of real SDK calls (Pinpoint SendMessages, SMS Voice v1 SendVoiceMessage, SMS Voice v2
SendTextMessage) against the embedded emulator, run twice side by side: once with the SDK's standard retry, once with
smithy-resilience.</p>
<p class="meta">Seed ${options.seed} · ${options.calls} calls per phase per service · phases ${escapeXml(phases.join(" → "))} ·
wall time ${formatMs(results.wallTimeMs)} · ${escapeXml(results.generatedAt)}</p>
${variantCards(results)}
<div class="reading" data-reading="overall">${overall}</div>

${readingSections(headlines(results.summary), reading, results)}

<h2>Requests over time</h2>
<p>Requests sent per second, by outcome, with the phases marked. Same scales in both panels.</p>
${legend(OUTCOMES.map((o) => ({ color: OUTCOME_COLORS[o], label: OUTCOME_LABELS[o] })))}
${VARIANT_IDS.map((variant, i) => `<h3 style="color:${VARIANT_COLORS[variant]}">${escapeXml(labels[variant])}</h3>\n${timelines[i]}`).join("\n")}

<h2>Per phase</h2>
${variantLegend}
<div class="pair">
${groupedBarChart({ chart: "requests-per-call", title: "Requests sent per call", categories: phases, series: seriesOf((r) => r.requestsPerCall), format: (v) => v.toFixed(2) })}
${groupedBarChart({ chart: "success-rate", title: "Calls that succeeded", categories: phases, series: seriesOf((r) => r.successRate * 100), format: (v) => `${Math.round(v)}%`, max: 100 })}
</div>

<h2>Call latency</h2>
<p>Distribution of call latency (all attempts and backoff) over the whole run; dotted line p50, dashed line p99.
Calls refused by an open circuit breaker send nothing and take well under a millisecond.</p>
${legend(
  VARIANT_IDS.map((v) => ({
    color: VARIANT_COLORS[v],
    label: `${labels[v]}: p50 ${formatMs(allRows.get(v)?.latencyMs.p50)}, p99 ${formatMs(allRows.get(v)?.latencyMs.p99)}`,
  })),
)}
${latency}

<h2>Summary</h2>
${htmlTable(tableRows(results.summary, labels))}
<details>
<summary>By service (the SMS Voice v1 client runs on the older SDK runtime line)</summary>
${byService}
</details>

<h2>How to read this</h2>
<dl>
${phaseList}
<dt>Exact figures</dt><dd>${escapeXml(results.notes.exact)}</dd>
<dt>Measured figures</dt><dd>${escapeXml(results.notes.measured)}</dd>
<dt>Workload</dt><dd>${escapeXml(results.notes.workload)}</dd>
<dt>Dashboard figures</dt><dd>${escapeXml(results.dashboard.samplingNote)} ${escapeXml(results.dashboard.sdkNote)}</dd>
</dl>
</main>
</body>
</html>
`;
}
