/**
 * The report's "What you would have seen on your dashboard" block of a phase: smithy-resilience's
 * counters over the phase and a sparkline of each service's pacing rate and breaker state, from the demo's
 * own metrics sink (demo/watchedMetrics.ts), with the SDK's lack of any. Pure functions of the data.
 * @packageDocumentation
 */

import type { CircuitState } from "../../src";
import type { EmulatorService } from "../../src/testing";
import { formatDuration } from "../prose";
import { formatCounts } from "../table";
import { dashboardReading, formatRate, rateNumber, type GaugeSeries, type PhaseDashboard } from "../watchedMetrics";
import { CIRCUIT_COLORS } from "./charts";
import { element, escapeXml, linearScale, svgChart, text } from "./svg";

/** How the block draws, shared by every phase of a run so the sparklines compare. */
export interface DashboardScale {
  /** Top of the pacing rate's scale, requests/s: the highest rate read in the run (1 when none paced). */
  maxRate: number;
  serviceLabels: Readonly<Partial<Record<EmulatorService, string>>>;
}

export const PACING_COLOR = "#1d4ed8";
const CLOSED_COLOR = "#e2e8f0";

const SPARK = { width: 540, row: 27, labelWidth: 96, plotWidth: 300, lineHeight: 16, stripHeight: 4, axis: 14 } as const;

/** The highest pacing rate of the dashboards, for a shared scale; 1 when nothing paced. */
export function maxPacingRate(dashboards: readonly PhaseDashboard[]): number {
  return Math.max(1, ...dashboards.flatMap((d) => d.series.flatMap((s) => s.points.flatMap((p) => (p.pacingRate === null ? [] : [p.pacingRate])))));
}

/** Consecutive samples as runs: each sample's value holds until the next sample. */
export function runsOf<T>(points: GaugeSeries["points"], value: (point: GaugeSeries["points"][number]) => T): Array<{ fromMs: number; toMs: number; value: T }> {
  const runs: Array<{ fromMs: number; toMs: number; value: T }> = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const v = value(points[i]);
    const last = runs[runs.length - 1];
    if (last && last.value === v && last.toMs === points[i].atMs) last.toMs = points[i + 1].atMs;
    else runs.push({ fromMs: points[i].atMs, toMs: points[i + 1].atMs, value: v });
  }
  return runs;
}

/** The pacing rate as a step line (gaps where it did not pace) and the breaker's state as a strip, one row per service. */
export function dashboardSparkline(d: PhaseDashboard, scale: DashboardScale): string {
  const durationMs = Math.max(1, ...d.series.flatMap((s) => s.points.map((p) => p.atMs)));
  const left = SPARK.labelWidth;
  const x = linearScale([0, durationMs], [left, left + SPARK.plotWidth]);
  const rows = d.series.map((series, i) => {
    const top = i * SPARK.row + 3;
    const y = linearScale([0, scale.maxRate], [top + SPARK.lineHeight, top]);
    const stripY = top + SPARK.lineHeight + 2;
    const rates = runsOf(series.points, (p) => p.pacingRate).filter((r): r is { fromMs: number; toMs: number; value: number } => r.value !== null);
    // One path: a horizontal stroke per run, joined vertically where the rate changed without a gap.
    let path = "";
    let previous: { toMs: number; value: number } | undefined;
    for (const run of rates) {
      path += previous && previous.toMs === run.fromMs ? ` V${y(run.value).toFixed(2)}` : ` M${x(run.fromMs).toFixed(2)} ${y(run.value).toFixed(2)}`;
      path += ` H${x(run.toMs).toFixed(2)}`;
      previous = run;
    }
    const breaker = runsOf(series.points, (p) => p.breaker)
      .filter((r): r is { fromMs: number; toMs: number; value: CircuitState } => r.value !== null)
      .map((r) =>
        element("rect", {
          x: x(r.fromMs),
          y: stripY,
          width: Math.max(1, x(r.toMs) - x(r.fromMs)),
          height: SPARK.stripHeight,
          fill: r.value === "closed" ? CLOSED_COLOR : CIRCUIT_COLORS[r.value],
          "data-breaker": r.value,
        }),
      );
    const last = series.points[series.points.length - 1];
    const lastRate = last?.pacingRate;
    const state = last?.breaker && last.breaker !== "closed" ? `, ${last.breaker}` : "";
    const now = lastRate === null || lastRate === undefined ? `not pacing${state}` : `${formatRate(lastRate)}${state}`;
    return element(
      "g",
      { "data-series": series.service },
      text({ x: 0, y: top + 13, "font-size": 11 }, scale.serviceLabels[series.service] ?? series.service),
      element("line", { x1: left, x2: left + SPARK.plotWidth, y1: top + SPARK.lineHeight, y2: top + SPARK.lineHeight, stroke: "#cbd5e1", "stroke-width": 0.5 }),
      ...(path ? [element("path", { d: path.trim(), fill: "none", stroke: PACING_COLOR, "stroke-width": 1.5, "data-gauge": "pacing-rate" })] : []),
      ...breaker,
      text({ x: left + SPARK.plotWidth + 8, y: top + 13, "font-size": 11 }, now),
    );
  });
  const axisY = d.series.length * SPARK.row + SPARK.axis - 3;
  const axis = [
    text({ x: left, y: axisY, "font-size": 10, fill: "#64748b" }, "phase start"),
    text({ x: left + SPARK.plotWidth, y: axisY, "font-size": 10, fill: "#64748b", "text-anchor": "end" }, `${formatDuration(durationMs)} of service time`),
  ];
  const height = d.series.length * SPARK.row + SPARK.axis;
  return svgChart(SPARK.width, height, `Pacing rate and breaker state per service, ${d.phase} phase`, { "data-chart": "dashboard", "data-phase": d.phase }, ...rows, ...axis);
}

const total = (counts: Partial<Record<string, number>>) => Object.values(counts).reduce((sum: number, n) => sum + (n ?? 0), 0);

/** One tile: a big number, what it counts and, when given, its breakdown. */
function stat(metric: string, value: string, label: string, detail?: string): string {
  const small = detail && detail !== "–" ? `<small>${escapeXml(detail)}</small>` : "";
  return `<div class="stat" data-metric="${metric}"><b>${escapeXml(value)}</b> ${escapeXml(label)}${small}</div>`;
}

/** What the breakers did over the phase, for its tile. */
function breakerTile(d: PhaseDashboard): string {
  const opened = d.breakerChanges.open ?? 0;
  const value = d.breakersNotClosed === 0 ? "closed" : `${d.breakersNotClosed} of ${d.series.length}`;
  const label = d.breakersNotClosed === 0 ? "breakers" : "breakers not closed";
  return stat("breaker", value, label, opened > 0 ? `opened ${opened}×, closed ${d.breakerChanges.closed ?? 0}×` : undefined);
}

/** The block of one phase: tiles, sparkline, the sentence tying them to the phase's reading, and the SDK's side. */
export function dashboardBlock(d: PhaseDashboard, scale: DashboardScale, sdkLabel: string): string {
  const pacing = d.pacing
    ? stat("pacing-rate", d.pacing.min === d.pacing.max ? formatRate(d.pacing.min) : `${rateNumber(d.pacing.min)}–${formatRate(d.pacing.max)}`, "pacing rate")
    : stat("pacing-rate", "not pacing", "rate limiter");
  const tiles = [
    stat("retries", String(total(d.retriesByClass)), "retries", formatCounts(d.retriesByClass)),
    stat("give-ups", String(total(d.giveUpsByReason)), "give-ups", formatCounts(d.giveUpsByReason)),
    stat("throttles", String(d.throttles), "throttled attempts"),
    stat("circuit-open-rejections", String(d.circuitOpenRejections), "circuit-open rejections"),
    pacing,
    breakerTile(d),
    ...(d.budgetLow === undefined ? [] : [stat("budget", String(Math.round(d.budgetLow)), "lowest retry-budget tokens")]),
  ];
  return (
    `<div class="dashboard" data-dashboard="${d.phase}">` +
    `<h4>What you would have seen on your dashboard</h4>` +
    `<div class="stats">${tiles.join("")}</div>` +
    dashboardSparkline(d, scale) +
    `<p data-dashboard-reading>${escapeXml(dashboardReading(d))}</p>` +
    `<p class="meta" data-dashboard-sdk>${escapeXml(`${sdkLabel}: nothing to watch, the SDK has no such metrics.`)}</p>` +
    "</div>"
  );
}

/** The legend shown once above the phases' blocks. */
export function dashboardLegend(scale: DashboardScale): string {
  const swatch = (color: string) => `<span class="swatch" style="background:${color}"></span>`;
  return (
    `<p class="meta">Each phase ends with what smithy-resilience's metrics showed, from a metrics sink the demo attaches ` +
    `(<code>createResilience({ metrics })</code>): counters over the phase, and per service the pacing rate ` +
    `(${swatch(PACING_COLOR)}line, 0 to ${escapeXml(formatRate(scale.maxRate))}, the same scale in every phase; none while ` +
    `not pacing) and the breaker (${swatch(CLOSED_COLOR)}closed ${swatch(CIRCUIT_COLORS.open)}open ` +
    `${swatch(CIRCUIT_COLORS["half-open"])}half-open), read at the phase's start and after every call over its service time.</p>`
  );
}
